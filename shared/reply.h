/* reply.h: responses made of a query's JSON result (SQL builds the JSON). */
#ifndef SHARED_REPLY_H
#define SHARED_REPLY_H

#include <libpq-fe.h>

struct req;

/*
 * Send column 0 of the single row of res (JSON text) with status http. No
 * row: records and returns ST_NOT_FOUND, "<what> not found", as for a row
 * of another user (contract §2).
 */
int	reply_row(struct req *, const PGresult *res, int http, const char *what);
/*
 * Send a list page (contract §2): row 0 of res holds the total (column 0),
 * sent as X-Total-Count, and the JSON array (column 1), sent with 200.
 */
int	reply_page(struct req *, const PGresult *res);

#endif
