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
/*
 * ST_OK if res has status want; else record and return: ST_CONFLICT for a
 * unique violation, ST_INVALID for a check/data error, ST_UNAVAILABLE for a
 * lost connection or timeout, ST_INTERNAL otherwise (the SQL error goes to
 * the log, never to the client). r may be NULL outside a request.
 */
int		 db_check(struct req *r, const PGresult *res, ExecStatusType want);
/* BEGIN; returns a status (recorded in r on failure). A connection found
 * closed before it, or broken by it, is opened anew and BEGIN sent once
 * more: nothing of the transaction ran yet. */
int		 db_begin(struct req *r);
/*
 * End the transaction db_begin() opened: COMMIT if rc is ST_OK, else
 * ROLLBACK. Returns rc, or the commit's failure status.
 */
int		 db_finish(struct req *r, int rc);
/* Roll back a transaction a handler left open; the loop calls it. */
void		 db_abandon(void);
/* True when SELECT 1 succeeds. */
bool		 db_ping(void);
/* Close the connection (at exit). */
void		 db_close(void);

#endif
