/* test_resp.c: resp_row and resp_page on hand-made results, written to
 * an in-memory FastCGI stream. */
#include <stdlib.h>

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

/* A result with one row of the given text columns (n of them), or none. */
static PGresult *
result(int n, const char *const *values)
{
	PGresAttDesc	 att[2];
	PGresult	*res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	int		 i;

	memset(att, 0, sizeof(att));
	for (i = 0; i < n; i++) {
		att[i].name = (char *)(i == 0 ? "a" : "b");
		att[i].typid = 25;	/* text */
		att[i].typlen = -1;
		att[i].atttypmod = -1;
	}
	if (n > 0)
		PQsetResultAttrs(res, n, att);
	for (i = 0; values != NULL && i < n; i++)
		PQsetvalue(res, 0, i, (char *)values[i], (int)strlen(values[i]));
	return res;
}

int
main(void)
{
	FCGX_Stream	 out;
	FCGX_Request	 fr;
	struct req	 r;
	const char	*row[] = { "{\"id\":1}" }, *page[] = { "7", "[1,2]" };
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

	res = result(1, NULL);
	rc = resp_row(&r, res, 200, "schedule");
	ok(rc == ST_NOT_FOUND, "no row is ST_NOT_FOUND");
	is_str(r.fail_detail, "schedule not found", "naming what was not found");
	ok(r.http_status == 0, "and sends nothing (the loop sends the error)");
	PQclear(res);

	r.fail_st = ST_OK;
	res = result(1, row);
	rc = resp_row(&r, res, 201, "schedule");
	ok(rc == ST_OK && r.http_status == 201, "one row is sent with the status asked for");
	ok(strstr((char *)out_buf, "Status: 201") != NULL, "the status line is written");
	ok(strstr((char *)out_buf, "\r\n\r\n{\"id\":1}") != NULL, "the row's JSON is the body");
	PQclear(res);

	memset(out_buf, 0, sizeof(out_buf));
	out.wrNext = out_buf;
	res = result(2, page);
	rc = resp_page(&r, res);
	ok(rc == ST_OK && r.http_status == 200, "a page is sent with 200");
	ok(strstr((char *)out_buf, "X-Total-Count: 7\r\n") != NULL, "with X-Total-Count");
	ok(strstr((char *)out_buf, "\r\n\r\n[1,2]") != NULL, "and the array as the body");
	PQclear(res);

	arena_free(r.arena);
	return done_testing();
}
