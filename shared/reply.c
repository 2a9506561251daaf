/* reply.c: responses made of a query's rows: JSON rendered in C
 * (rowjson.c), or JSON text a query built. */
#include <libpq-fe.h>

#include "reply.h"
#include "req.h"
#include "resp.h"
#include "rowjson.h"

int
reply_row(struct req *r, const PGresult *res, int http, const char *what)
{
	if (PQntuples(res) != 1)
		return req_fail(r, ST_NOT_FOUND, NULL, "%s not found", what);
	return resp_json(r, http, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
}

int
reply_page(struct req *r, const PGresult *res)
{
	int	 rc;

	if (PQntuples(res) != 1 || PQnfields(res) < 2)
		return req_fail(r, ST_INTERNAL, NULL, "a page query gave no total and list");
	if ((rc = resp_header(r, "X-Total-Count", "%s", PQgetvalue(res, 0, 0))) != ST_OK)
		return rc;
	return resp_json(r, 200, PQgetvalue(res, 0, 1), (size_t)PQgetlength(res, 0, 1));
}

/* The rows of a binary result (db_rowsv) rendered in C: one object. */
int
reply_object(struct req *r, const PGresult *res, int http, const char *what,
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
reply_list(struct req *r, const PGresult *res, row_render_fn render)
{
	struct jbuf	 b;
	int		 rc, row, n = PQntuples(res);

	if (n < 1 || PQnfields(res) < 2)
		return req_fail(r, ST_INTERNAL, NULL, "a page query gave no total");
	if ((rc = resp_header(r, "X-Total-Count", "%lld", rowjson_int(res, 0, 0))) != ST_OK)
		return rc;
	jbuf_init(&b, r->arena);
	jbuf_put(&b, "[", 1);
	for (row = 0; row < n && !PQgetisnull(res, row, 1); row++) {
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
