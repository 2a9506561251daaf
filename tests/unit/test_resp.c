/* test_resp.c: resp_object and resp_list on hand-made binary results, written to
 * an in-memory FastCGI stream. */
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>
#include <libpq-fe.h>

#include "arena.h"
#include "resp.h"
#include "req.h"
#include "tap.h"

static unsigned char	out_buf[4096];

static void
no_flush(FCGX_Stream *s, int do_close)
{
	(void)s;
	(void)do_close;
}

/* A binary result with columns _total (int8) and name (text), one row per
 * name given (NULL: SQL NULL name), all with total 7. */
static PGresult *
result(int rows, const char *const *names)
{
	static const char total[8] = { 0, 0, 0, 0, 0, 0, 0, 7 };
	PGresAttDesc	 att[2];
	PGresult	*res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	int		 i;

	memset(att, 0, sizeof(att));
	att[0].name = (char *)"_total", att[0].typid = 20;	/* int8 */
	att[1].name = (char *)"name", att[1].typid = 25;	/* text */
	for (i = 0; i < 2; i++)
		att[i].typlen = -1, att[i].atttypmod = -1, att[i].format = 1;
	PQsetResultAttrs(res, 2, att);
	for (i = 0; i < rows; i++) {
		PQsetvalue(res, i, 0, (char *)total, 8);
		PQsetvalue(res, i, 1, (char *)names[i], names[i] ? (int)strlen(names[i]) : -1);
	}
	return res;
}

/* The body sent so far (after the header block). */
static const char *
body(void)
{
	const char *b = strstr((char *)out_buf, "\r\n\r\n");

	return b ? b + 4 : "";
}

/* resp_list of a page of rows names (total 7) into a cleared out. */
static int
list_of(struct req *r, FCGX_Stream *out, int rows, const char *const *names)
{
	PGresult	*res = result(rows, names);
	int		 rc;

	memset(out_buf, 0, sizeof(out_buf));
	out->wrNext = out_buf;
	rc = resp_list(r, res, 7, NULL);
	PQclear(res);
	return rc;
}

int
main(void)
{
	FCGX_Stream	 out;
	FCGX_Request	 fr;
	struct req	 r;
	const char	*one[] = { "a\"b" }, *two[] = { "x", "y" };
	PGresult	*res;
	int		 rc;

	memset(&r, 0, sizeof(r));
	memset(&fr, 0, sizeof(fr));
	memset(&out, 0, sizeof(out));
	out.wrNext = out_buf;
	out.stop = out_buf + sizeof(out_buf) - 1;
	out.emptyBuffProc = no_flush;
	fr.out = &out;
	r.fcgi = &fr;
	r.arena = arena_new();
	r.method = M_GET;

	res = result(0, NULL);
	rc = resp_object(&r, res, 200, "schedule", NULL);
	ok(rc == ST_NOT_FOUND, "no row is ST_NOT_FOUND");
	is_str(r.fail_detail, "schedule not found", "naming what was not found");
	ok(r.http_status == 0, "and sends nothing (the loop sends the error)");
	PQclear(res);

	r.fail_st = ST_OK;
	res = result(1, one);
	rc = resp_object(&r, res, 201, "schedule", NULL);
	ok(rc == ST_OK && r.http_status == 201, "one row is sent with the status asked for");
	ok(strstr((char *)out_buf, "Status: 201") != NULL, "the status line is written");
	is_str(body(), "{\"name\":\"a\\\"b\"}", "the row rendered in C is the body, _total left out");
	PQclear(res);

	rc = list_of(&r, &out, 2, two);
	ok(rc == ST_OK && r.http_status == 200, "a page is sent with 200");
	ok(strstr((char *)out_buf, "X-Total-Count: 7\r\n") != NULL, "with X-Total-Count");
	is_str(body(), "[{\"name\":\"x\"},{\"name\":\"y\"}]", "and each row an element");

	rc = list_of(&r, &out, 0, NULL);
	ok(rc == ST_OK && strstr((char *)out_buf, "X-Total-Count: 7\r\n") != NULL,
	    "a page past the end still has the total");
	is_str(body(), "[]", "and no element");

	arena_free(r.arena);
	return done_testing();
}
