/* resp.c: the only code that writes a response to nginx. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <fcgiapp.h>
#include <libpq-fe.h>

#include "arena.h"
#include "req.h"
#include "resp.h"
#include "rowjson.h"
#include "status.h"

int
resp_header(struct req *r, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	 value[512];
	char	*line;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	line = arena_printf(r->arena, "%s%s: %s\r\n",
	    r->resp_headers ? r->resp_headers : "", name, value);
	if (line == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	r->resp_headers = line;
	return ST_OK;
}

static void
send_head(struct req *r, int http, const char *type, size_t len)
{
	char	 head[256];
	int	 n;

	/* snprintf, not FCGX_FPrintF: libfcgi's printf knows no %zu. */
	if (type != NULL)
		n = snprintf(head, sizeof(head),
		    "Status: %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n",
		    http, st_reason(http), type, len);
	else
		n = snprintf(head, sizeof(head), "Status: %d %s\r\n", http, st_reason(http));
	FCGX_PutStr(head, n, r->fcgi->out);
	if (r->resp_headers != NULL)
		FCGX_PutS(r->resp_headers, r->fcgi->out);
	FCGX_PutS("\r\n", r->fcgi->out);
	r->http_status = http;
}

int
resp_json(struct req *r, int http, const char *json, size_t len)
{
	send_head(r, http, "application/json", len);
	if (r->method != M_HEAD)
		FCGX_PutStr(json, (int)len, r->fcgi->out);
	return ST_OK;
}

int
resp_body(struct req *r, int http, const char *type, const char *body, size_t len)
{
	send_head(r, http, type, len);
	if (r->method != M_HEAD)
		FCGX_PutStr(body, (int)len, r->fcgi->out);
	return ST_OK;
}

int
resp_cjson(struct req *r, int http, const cJSON *item)
{
	char	*text;

	if ((text = cJSON_PrintUnformatted(item)) == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	resp_json(r, http, text, strlen(text));
	free(text);
	return ST_OK;
}

int
resp_empty(struct req *r, int http)
{
	send_head(r, http, NULL, 0);
	return ST_OK;
}

void
resp_error(struct req *r, int st)
{
	cJSON		*err = NULL;
	char		*text = NULL;
	const char	*detail = r->fail_detail;

	if (r->fail_st != ST_OK)
		st = r->fail_st;
	if (st == ST_OK)
		st = ST_INTERNAL;	/* a handler failed without saying why */
	/* A 500 never explains itself to the client (contract §2). */
	if (st == ST_INTERNAL || detail == NULL)
		detail = st == ST_INTERNAL ? "internal error" : st_code(st);
	if ((err = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(err, "detail", detail) == NULL ||
	    cJSON_AddStringToObject(err, "code", st_code(st)) == NULL ||
	    (r->fail_field != NULL && st != ST_INTERNAL &&
	     cJSON_AddStringToObject(err, "field", r->fail_field) == NULL) ||
	    (text = cJSON_PrintUnformatted(err)) == NULL) {
		static const char oom[] =
		    "{\"detail\":\"out of memory\",\"code\":\"unavailable\"}";

		resp_json(r, 503, oom, sizeof(oom) - 1);
		goto cleanup;
	}
	resp_json(r, st_http(st), text, strlen(text));
cleanup:
	free(text);
	cJSON_Delete(err);
}

/* The rows of a binary result (db_rowsv) rendered in C: one object. */
int
resp_object(struct req *r, const PGresult *res, int http, const char *what,
    row_render_fn render)
{
	struct jbuf	 b;

	if (PQntuples(res) != 1)
		return req_fail(r, ST_NOT_FOUND, NULL, "%s not found", what);
	jbuf_init(&b, r->arena);
	if (!(render ? render : rowjson_object)(&b, res, 0))
		return req_fail(r, ST_INTERNAL, NULL, "a column of %s has no JSON form", what);
	if (b.failed)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	return resp_json(r, http, b.text, b.len);
}

int
resp_list(struct req *r, const PGresult *res, long long total, row_render_fn render)
{
	struct jbuf	 b;
	int		 rc, row, n = PQntuples(res);

	if ((rc = resp_header(r, "X-Total-Count", "%lld", total)) != ST_OK)
		return rc;
	jbuf_init(&b, r->arena);
	jbuf_put(&b, "[", 1);
	for (row = 0; row < n; row++) {
		if (row > 0)
			jbuf_put(&b, ",", 1);
		if (!(render ? render : rowjson_object)(&b, res, row))
			return req_fail(r, ST_INTERNAL, NULL, "a column has no JSON form");
	}
	jbuf_put(&b, "]", 1);
	if (b.failed)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	return resp_json(r, 200, b.text, b.len);
}
