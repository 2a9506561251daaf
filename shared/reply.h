/* reply.h: responses made of a query's rows: JSON rendered in C from a
 * binary result (rowjson.h), or JSON text a query built. */
#ifndef SHARED_REPLY_H
#define SHARED_REPLY_H

#include <stdbool.h>

#include <libpq-fe.h>

struct jbuf;
struct req;

/* Renders row of res as one JSON value into the buffer; false when a
 * column has no JSON form. NULL means rowjson_object (every column). */
typedef bool (*row_render_fn)(struct jbuf *, const PGresult *res, int row);

/*
 * Send the single row of the binary result res (db_rowsv) rendered by
 * render, with status http. No row: ST_NOT_FOUND, "<what> not found", as
 * for a row of another user (contract §2).
 */
int	reply_object(struct req *, const PGresult *res, int http, const char *what,
	    row_render_fn render);
/*
 * Send a list page from the binary result res: column 0 of row 0 is the
 * total (sent as X-Total-Count; named "_total" so that it is not a
 * field), and each row is an element, except a row whose column 1 is
 * NULL: the one row a page past the end has (a LEFT JOIN of the total
 * to the page).
 */
int	reply_list(struct req *, const PGresult *res, row_render_fn render);

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
