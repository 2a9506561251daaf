/* relay.c: the outbox relay (contract §4): unpublished outbox rows go to
 * JetStream in id order, each with its event_id as Nats-Msg-Id, and are
 * marked published only after JetStream acknowledged them; no transaction
 * stays open while a publish waits. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "config.h"
#include "db.h"
#include "listener.h"
#include "log.h"
#include "status.h"

#define BATCH		100
#define BATCH_STR	"100"
#define IDLE_WAIT_MS	1000	/* a poll even when no NOTIFY arrives */
#define DOWN_WAIT_MS	500

/* A direct connection LISTENing for the outbox trigger (030): pgbouncer in
 * transaction mode cannot carry LISTEN. NULL when PostgreSQL is away. */
static PGconn *
listen_conn(void)
{
	const struct config	*c = config_get();
	const char		*port = getenv("MEDIA_PG_PORT");
	const char		*keys[10], *vals[10];
	PGconn			*lc;
	PGresult		*res;
	int			 n = 0;

	keys[n] = "host", vals[n++] = c->pg_host;
	keys[n] = "port", vals[n++] = port != NULL && *port != '\0' ? port : "15432";
	keys[n] = "dbname", vals[n++] = c->pg_db;
	keys[n] = "user", vals[n++] = c->pg_user;
	keys[n] = "sslmode", vals[n++] = c->pg_sslmode;
	keys[n] = "gssencmode", vals[n++] = "disable";
	keys[n] = "connect_timeout", vals[n++] = "5";
	keys[n] = "application_name", vals[n++] = "media-listener";
	if (c->pg_password != NULL)
		keys[n] = "password", vals[n++] = c->pg_password;
	keys[n] = NULL, vals[n] = NULL;
	lc = PQconnectdbParams(keys, vals, 0);
	if (lc == NULL || PQstatus(lc) != CONNECTION_OK) {
		log_warn("relay: LISTEN connection: %s; polling instead",
		    lc ? PQerrorMessage(lc) : "out of memory");
		PQfinish(lc);
		return NULL;
	}
	res = PQexec(lc, "LISTEN media_outbox");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		log_warn("relay: LISTEN: %s", PQerrorMessage(lc));
		PQfinish(lc);
		lc = NULL;
	}
	PQclear(res);
	return lc;
}

/* Sleep until a NOTIFY or wait_ms; drain the notifications. */
static void
wait_notify(PGconn *lc, int wait_ms)
{
	struct pollfd	 pfd;
	PGnotify	*n;

	if (lc == NULL) {
		poll(NULL, 0, wait_ms / 5);	/* no LISTEN: poll the table often */
		return;
	}
	pfd.fd = PQsocket(lc);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, wait_ms) > 0)
		PQconsumeInput(lc);
	while ((n = PQnotifies(lc)) != NULL)
		PQfreemem(n);
}

/* Leases outlive the worst batch: 100 publishes of PUBLISH_WAIT_MS each
 * would be 200 s, but a failed publish ends the batch at once. */
#define LEASE_S_STR	"60"

static const char sql_lease[] =
    "SELECT id, event_id, event_type, body FROM media_outbox_lease($1::int, $2::int)";

static const char sql_mark[] =
    "UPDATE outbox SET published_at = now(), leased_until = NULL "
    "WHERE id = ANY($1::bigint[])";

/* The rows of a failed batch that were not published go back at once
 * rather than when their lease ends. */
static const char sql_release[] =
    "UPDATE outbox SET leased_until = NULL "
    "WHERE id = ANY($1::bigint[]) AND published_at IS NULL";

/* Run statement sql on the array literal ids (if any), autocommitted. */
static int
update_ids(const char *sql, const char *ids)
{
	PGresult	*res;
	int		 rc;

	if (strcmp(ids, "{}") == 0)
		return ST_OK;
	res = db_execv(sql, 1, ids);
	rc = db_check(NULL, res, PGRES_COMMAND_OK);
	PQclear(res);
	return rc;
}

/* Append id to the array literal ids (at *off), "{" already written. */
static void
add_id(char *ids, size_t len, size_t *off, int n, const char *id)
{
	*off += (size_t)snprintf(ids + *off, len - *off, "%s%s", n ? "," : "", id);
}

/*
 * One batch without a transaction open across the network: lease the rows
 * (one statement, 045: one relay per aggregate at a time), publish them in
 * order, then mark what JetStream acknowledged (another statement). A
 * failed publish ends the batch and releases the rest, which wait in
 * order. Returns the number published, or -1 when NATS or the database
 * failed.
 */
static int
relay_batch(struct bus *b)
{
	PGresult	*res = NULL;
	char		 done[BATCH * 22 + 3], rest[BATCH * 22 + 3];
	size_t		 off_done = 1, off_rest = 1;
	int		 i, n = 0, n_rest = 0, failed = 0;

	if (!bus_connected(b))
		return -1;
	res = db_execv(sql_lease, 2, BATCH_STR, LEASE_S_STR);
	if (db_check(NULL, res, PGRES_TUPLES_OK) != ST_OK) {
		PQclear(res);
		return -1;
	}
	done[0] = rest[0] = '{';
	for (i = 0; i < PQntuples(res); i++) {
		if (!failed && bus_publish(b, PQgetvalue(res, i, 2), PQgetvalue(res, i, 1),
		    PQgetvalue(res, i, 3)) != ST_OK)
			failed = 1;
		if (failed)
			add_id(rest, sizeof(rest), &off_rest, n_rest++, PQgetvalue(res, i, 0));
		else
			add_id(done, sizeof(done), &off_done, n++, PQgetvalue(res, i, 0));
	}
	PQclear(res);
	snprintf(done + off_done, sizeof(done) - off_done, "}");
	snprintf(rest + off_rest, sizeof(rest) - off_rest, "}");
	/* Published but unmarked (the database failed): the lease ends and
	 * the retry is deduplicated by Nats-Msg-Id. */
	if (update_ids(sql_mark, done) != ST_OK)
		return -1;
	if (failed)
		update_ids(sql_release, rest);
	return failed ? -1 : n;
}

/* Published rows older than the retention go, a bounded batch at a time,
 * so the outbox does not grow for ever (the events live on in JetStream). */
static const char sql_sweep[] =
    "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
    " WHERE published_at < now() - make_interval(hours => $1::int)"
    " ORDER BY id LIMIT 10000)";

static void
sweep(long keep_hours)
{
	PGresult	*res;
	char		 hours[24];

	snprintf(hours, sizeof(hours), "%ld", keep_hours);
	res = db_execv(sql_sweep, 1, hours);
	if (db_check(NULL, res, PGRES_COMMAND_OK) == ST_OK &&
	    strcmp(PQcmdTuples(res), "0") != 0)
		log_info("relay: removed %s published outbox rows", PQcmdTuples(res));
	PQclear(res);
}

void *
relay_main(void *arg)
{
	struct bus	*b = arg;
	PGconn		*lc = NULL;
	long		 keep_hours = config_long("MEDIA_OUTBOX_KEEP_HOURS", 168);
	long		 sweep_s = config_long("MEDIA_OUTBOX_SWEEP_S", 600);
	time_t		 next_sweep = 0;
	int		 n;

	while (!listener_stopping) {
		if (keep_hours > 0 && time(NULL) >= next_sweep) {
			sweep(keep_hours);
			next_sweep = time(NULL) + sweep_s;
		}
		if (lc == NULL || PQstatus(lc) != CONNECTION_OK) {
			PQfinish(lc);
			lc = listen_conn();
		}
		/* LISTEN first, then read the table: a row committed in
		 * between is found by this batch or wakes the next wait. */
		if ((n = relay_batch(b)) == BATCH)
			continue;
		wait_notify(lc, n < 0 ? DOWN_WAIT_MS : IDLE_WAIT_MS);
	}
	PQfinish(lc);
	db_close();
	return NULL;
}
