/* resp.h: writing responses: JSON bodies (query rows rendered in C,
 * rowjson.h), empty bodies, the error shape. */
#ifndef SHARED_RESP_H
#define SHARED_RESP_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

struct jbuf;
struct req;

/* Add a response header line before the response is sent. ST_UNAVAILABLE
 * (recorded) when out of memory. */
int	resp_header(struct req *, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Send status http with the JSON text json (len bytes). Returns ST_OK. */
int	resp_json(struct req *, int http, const char *json, size_t len);
/* Send status http with len bytes of body as Content-Type type (a
 * non-JSON answer such as /metrics). Returns ST_OK. */
int	resp_body(struct req *, int http, const char *type, const char *body,
	    size_t len);
/* Send status http with the JSON text of item (not freed here). */
int	resp_cjson(struct req *, int http, const cJSON *item);
/* Renders row of res as one JSON value into the buffer; false when a
 * column has no JSON form. NULL means rowjson_object (every column). */
typedef bool (*row_render_fn)(struct jbuf *, const PGresult *res, int row);

/*
 * Send the single row of the binary result res (db_rowsv) rendered by
 * render, with status http. No row: ST_NOT_FOUND, "<what> not found", as
 * for a row of another user (contract §2).
 */
int	resp_object(struct req *, const PGresult *res, int http, const char *what,
	    row_render_fn render);
/*
 * Send a list page (contract §2): every row of the binary result res as an
 * element, rendered by render, and total as X-Total-Count (listpage.h
 * finds it).
 */
int	resp_list(struct req *, const PGresult *res, long long total, row_render_fn render);

/* Send status http (204, 304) with no body. Returns ST_OK. */
int	resp_empty(struct req *, int http);
/*
 * Send the error recorded by req_fail() (or a generic one for st):
 * {"detail": ..., "code": ..., "field": ...} with the status's HTTP code.
 */
void	resp_error(struct req *, int st);

#endif
