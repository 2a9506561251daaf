/* db.c: one lazily opened libpq connection per process, re-opened after a
 * failure or when found closed before a transaction. pgbouncer runs in transaction mode, so nothing here relies on
 * session state: no prepared statements, no SET, no temp tables.
 * The connection is per thread: a FastCGI worker has one thread, hence one
 * connection; the listener's relay and download threads get their own. */
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "req.h"

#define DB_PARAMS_MAX	64

static _Thread_local PGconn	*conn;
static _Thread_local bool	 in_tx;

/*
 * Between transactions nothing is owed to us on the socket, so if it reads
 * as ready the peer closed it (pgbouncer or PostgreSQL restarted) or sent a
 * notice: PQconsumeInput() tells which. Only the send of the next statement
 * would find out otherwise, and that statement's request would fail.
 */
static bool
idle_conn_broken(PGconn *c)
{
	struct pollfd	 pfd = { .fd = PQsocket(c), .events = POLLIN };

	if (pfd.fd < 0)
		return true;
	if (poll(&pfd, 1, 0) <= 0)
		return false;
	return PQconsumeInput(c) == 0 || PQstatus(c) != CONNECTION_OK;
}

/* The connection, (re)opened when missing or broken; NULL if unreachable. */
static PGconn *
db_conn(void)
{
	const struct config	*c = config_get();
	const char		*keys[10], *vals[10];
	int			 n = 0;

	if (conn != NULL && PQstatus(conn) == CONNECTION_OK &&
	    (in_tx || !idle_conn_broken(conn)))
		return conn;
	if (conn != NULL) {
		log_warn("db_conn: connection lost, reconnecting");
		PQfinish(conn);
	}
	in_tx = false;
	keys[n] = "host", vals[n++] = c->pg_host;
	keys[n] = "port", vals[n++] = c->pg_port;
	keys[n] = "dbname", vals[n++] = c->pg_db;
	keys[n] = "user", vals[n++] = c->pg_user;
	keys[n] = "sslmode", vals[n++] = c->pg_sslmode;
	keys[n] = "gssencmode", vals[n++] = "disable";
	keys[n] = "connect_timeout", vals[n++] = "5";
	keys[n] = "application_name", vals[n++] = "media-service";
	if (c->pg_password != NULL)
		keys[n] = "password", vals[n++] = c->pg_password;
	keys[n] = NULL, vals[n] = NULL;
	conn = PQconnectdbParams(keys, vals, 0);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		log_error("db_conn: %s", conn ? PQerrorMessage(conn) : "out of memory");
		PQfinish(conn);
		conn = NULL;
	}
	return conn;
}

/* format: 0 text results, 1 binary (the parameters are text either way). */
static PGresult *
exec_format(const char *sql, int n, const char *const *params, int format)
{
	PGconn	*c;

	if ((c = db_conn()) == NULL)
		return NULL;
	return PQexecParams(c, sql, n, NULL, params, NULL, NULL, format);
}

PGresult *
db_exec(const char *sql, int n, const char *const *params)
{
	return exec_format(sql, n, params, 0);
}

PGresult *
db_exec_rows(const char *sql, int n, const char *const *params)
{
	return exec_format(sql, n, params, 1);
}

static PGresult *
execv_format(const char *sql, int n, va_list ap, int format)
{
	const char	*params[DB_PARAMS_MAX];
	int		 i;

	if (n > DB_PARAMS_MAX)
		return NULL;
	for (i = 0; i < n; i++)
		params[i] = va_arg(ap, const char *);
	return exec_format(sql, n, params, format);
}

PGresult *
db_execv(const char *sql, int n, ...)
{
	PGresult	*res;
	va_list		 ap;

	va_start(ap, n);
	res = execv_format(sql, n, ap, 0);
	va_end(ap);
	return res;
}

PGresult *
db_rowsv(const char *sql, int n, ...)
{
	PGresult	*res;
	va_list		 ap;

	va_start(ap, n);
	res = execv_format(sql, n, ap, 1);
	va_end(ap);
	return res;
}

/* SQLSTATE classes: 23 integrity, 22 data, 08 connection, 57 operator
 * intervention (includes query_canceled by statement_timeout). */
int
db_check(struct req *r, const PGresult *res, ExecStatusType want)
{
	const char	*state, *msg;

	if (res != NULL && PQresultStatus(res) == want)
		return ST_OK;
	if (res == NULL) {
		if (r != NULL)
			req_fail(r, ST_UNAVAILABLE, NULL, "database unavailable");
		return ST_UNAVAILABLE;
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	msg = PQresultErrorMessage(res);
	if (state == NULL)
		state = "";
	if (conn != NULL && PQstatus(conn) != CONNECTION_OK) {
		log_error("db_check: connection failed: %s", msg);
		if (r != NULL)
			req_fail(r, ST_UNAVAILABLE, NULL, "database unavailable");
		return ST_UNAVAILABLE;
	}
	if (strcmp(state, "23505") == 0) {
		if (r != NULL)
			req_fail(r, ST_CONFLICT, NULL, "conflicts with an existing resource");
		return ST_CONFLICT;
	}
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0) {
		/* The transaction was rolled back whole: a request's handler may
		 * run again (ST_RETRY, serve.h); without a request the caller's
		 * own retry (a redelivery, the next round) is the way. */
		log_warn("db_check: %s: %s", state, msg);
		if (r == NULL)
			return ST_UNAVAILABLE;
		req_fail(r, ST_UNAVAILABLE, NULL, "database conflict, retry");
		return ST_RETRY;
	}
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57", 2) == 0) {
		log_error("db_check: %s: %s", state, msg);
		if (r != NULL)
			req_fail(r, ST_UNAVAILABLE, NULL, "database unavailable, retry");
		return ST_UNAVAILABLE;
	}
	if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0) {
		/* Validation should have caught it; log as a warning, answer 400. */
		log_warn("db_check: %s: %s", state, msg);
		if (r != NULL)
			req_fail(r, ST_INVALID, NULL, "a value is out of range or malformed");
		return ST_INVALID;
	}
	log_error("db_check: %s: %s", state, msg);
	if (r != NULL)
		req_fail(r, ST_INTERNAL, NULL, "internal error");
	return ST_INTERNAL;
}

static int
simple(struct req *r, const char *sql)
{
	PGresult	*res = db_exec(sql, 0, NULL);
	int		 rc = db_check(r, res, PGRES_COMMAND_OK);

	PQclear(res);
	return rc;
}

int
db_begin(struct req *r)
{
	PGresult	*res;
	int		 rc;

	/*
	 * A connection that breaks under BEGIN broke before any statement of
	 * the transaction ran: open a new one and try once more, rather than
	 * fail the request (a restarted pgbouncer whose FIN has not arrived).
	 */
	res = db_exec("BEGIN", 0, NULL);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
		if (conn != NULL && PQstatus(conn) != CONNECTION_OK) {
			log_warn("db_begin: connection broken before the transaction; retrying once");
			PQclear(res);
			res = db_exec("BEGIN", 0, NULL);
		}
	}
	if ((rc = db_check(r, res, PGRES_COMMAND_OK)) == ST_OK)
		in_tx = true;
	PQclear(res);
	return rc;
}

int
db_finish(struct req *r, int rc)
{
	int	 end;

	if (!in_tx)
		return rc;
	in_tx = false;
	if (rc != ST_OK) {
		simple(NULL, "ROLLBACK");
		return rc;
	}
	end = simple(r, "COMMIT");
	return end;
}

int
db_no_retry(int rc)
{
	return rc == ST_RETRY ? ST_UNAVAILABLE : rc;
}

void
db_abandon(void)
{
	if (in_tx) {
		log_error("db_abandon: a handler left a transaction open");
		in_tx = false;
		simple(NULL, "ROLLBACK");
	}
}

bool
db_ping(void)
{
	PGresult	*res = db_exec("SELECT 1", 0, NULL);
	bool		 ok = res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK;

	PQclear(res);
	return ok;
}

void
db_close(void)
{
	PQfinish(conn);
	conn = NULL;
}
