/* db.h: the process's PostgreSQL connection (through pgbouncer) and queries. */
#ifndef SHARED_DB_H
#define SHARED_DB_H

#include <stdbool.h>

#include <libpq-fe.h>

struct req;

/*
 * Run sql with n text parameters (NULL elements are SQL NULL) on the
 * process's connection, opening it first if needed (also when, between
 * transactions, the server closed it). Parameters only: sql is
 * always a constant. Caller owns the result (PQclear, NULL-safe); NULL when
 * no connection could be had or out of memory. Check it with db_check().
 */
PGresult	*db_exec(const char *sql, int n, const char *const *params);
/* db_exec with the parameters as arguments: db_execv(sql, 2, a, b). */
PGresult	*db_execv(const char *sql, int n, ...);
/* db_execv with the result in binary format: typed values for rowjson.c
 * to render (the parameters stay text). */
PGresult	*db_rowsv(const char *sql, int n, ...);
/* db_exec with the result in binary format. */
PGresult	*db_exec_rows(const char *sql, int n, const char *const *params);
/*
 * ST_OK if res has status want; else record and return: ST_CONFLICT for a
 * unique violation, ST_INVALID for a check/data error, ST_UNAVAILABLE for a
 * lost connection or timeout, ST_RETRY for a deadlock or serialization
 * failure (recorded as a 503: the transaction was rolled back whole, and
 * the caller returns ST_RETRY as it is, so that the loop may run the
 * handler again: see serve.h for when that is safe), ST_INTERNAL
 * otherwise (the SQL error goes to the log, never to the client). r may
 * be NULL outside a request: nothing is recorded, and a deadlock or
 * serialization failure is ST_UNAVAILABLE (no loop runs it again).
 */
int		 db_check(struct req *r, const PGresult *res, ExecStatusType want);
/* BEGIN; returns a status (recorded in r on failure). A connection found
 * closed before it, or broken by it, is opened anew and BEGIN sent once
 * more: nothing of the transaction ran yet. */
int		 db_begin(struct req *r);
/*
 * End the transaction db_begin() opened: COMMIT if rc is ST_OK, else
 * ROLLBACK. Returns rc, or the commit's failure status (ST_RETRY for a
 * serialization failure at COMMIT: nothing was committed).
 */
int		 db_finish(struct req *r, int rc);
/*
 * rc as it stands after the handler had an effect outside its transaction
 * (a commit, a file removed): ST_RETRY becomes ST_UNAVAILABLE, so the loop
 * does not run the handler, and its effect, again. Cannot fail.
 */
int		 db_no_retry(int rc);
/* Roll back a transaction a handler left open; the loop calls it. */
void		 db_abandon(void);
/* True when SELECT 1 succeeds. */
bool		 db_ping(void);
/* Close the connection (at exit). */
void		 db_close(void);

#endif
