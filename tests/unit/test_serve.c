/* test_serve.c: serve_handle() on a route table of its own: path
 * parameters checked before the handler, user_id by the route's flags,
 * and a handler run again only when it returns ST_RETRY. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

#include "arena.h"
#include "resp.h"
#include "serve.h"
#include "tap.h"

static unsigned char	 out_buf[8192];
static int		 calls;
static int		 answers[4];	/* what the handler returns, call by call */

static void
no_flush(FCGX_Stream *s, int do_close)
{
	(void)s;
	(void)do_close;
}

/* Returns answers[calls] (a failure recorded), or sends 200 on ST_OK. */
static int
handler(struct req *r)
{
	int	 st = answers[calls < 4 ? calls : 3];

	calls++;
	if (st == ST_OK)
		return resp_json(r, 200, "{}", 2);
	/* As db_check() does: a 503 recorded, ST_RETRY returned. */
	req_fail(r, st == ST_RETRY ? ST_UNAVAILABLE : st, NULL, "failed");
	return st;
}

static const struct route	 routes[] = {
	{ M_GET,	API "/p/{playlist_id}/photos/{photo_id}",	handler,	0 },
	{ M_GET,	API "/mine",					handler,	R_USER },
};

/* GET uri (with internal: X-Internal-Call: true); the status sent. */
static int
get(const char *uri, bool internal)
{
	char		 u[256], *env[4];
	FCGX_Stream	 out, in, err;
	unsigned char	 err_buf[4096];
	FCGX_Request	 fr;
	struct arena	*a = arena_new();
	int		 http = 0;

	snprintf(u, sizeof(u), "REQUEST_URI=%s", uri);
	env[0] = u;
	env[1] = "REQUEST_METHOD=GET";
	env[2] = internal ? "HTTP_X_INTERNAL_CALL=true" : NULL;
	env[3] = NULL;
	memset(&fr, 0, sizeof(fr));
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	memset(out_buf, 0, sizeof(out_buf));
	out.wrNext = out_buf;
	out.stop = out_buf + sizeof(out_buf) - 1;
	out.emptyBuffProc = no_flush;
	memset(&err, 0, sizeof(err));
	err.wrNext = err_buf;
	err.stop = err_buf + sizeof(err_buf);
	err.emptyBuffProc = no_flush;
	in.isReader = 1;
	fr.in = &in;
	fr.out = &out;
	fr.err = &err;
	fr.envp = env;
	calls = 0;
	serve_handle(&fr, a, routes, sizeof(routes) / sizeof(routes[0]));
	sscanf((char *)out_buf, "Status: %d", &http);
	arena_free(a);
	return http;
}

static bool
body_has(const char *s)
{
	return strstr((char *)out_buf, s) != NULL;
}

int
main(void)
{
	const char	*good = API "/p/pl_1/photos/ph_1?user_id=u1";
	int		 http;

	/* get() before ok(): tap.h's ok() evaluates its condition twice. */
	answers[0] = ST_OK;
	http = get(good, false);
	ok(http == 200 && calls == 1, "good parameters reach the handler once");
	http = get(API "/p/pl!1/photos/ph_1?user_id=u1", false);
	ok(http == 400 && calls == 0,
	    "a malformed path parameter is a 400 before the handler");
	ok(body_has("\"field\":\"playlist_id\"") && body_has("\"code\":\"validation_error\""),
	    "  a validation_error naming the parameter");
	http = get(API "/p/pl_1/photos/.x?user_id=u1", false);
	ok(http == 400 && body_has("\"field\":\"photo_id\""),
	    "  the second parameter too");
	http = get(API "/p/pl!1/photos/ph_1", false);
	ok(http == 400 && body_has("\"field\":\"user_id\""),
	    "user_id is asked for before the path parameters");

	answers[0] = ST_OK;
	http = get(API "/p/pl_1/photos/ph_1", true);
	ok(http == 200, "default: an internal call needs no user_id");
	http = get(API "/mine", true);
	ok(http == 400 && calls == 0 && body_has("\"field\":\"user_id\""),
	    "R_USER: an internal call without user_id is a 400 naming user_id");
	http = get(API "/mine?user_id=u1", true);
	ok(http == 200, "R_USER: with user_id it is served");

	answers[0] = ST_RETRY, answers[1] = ST_OK;
	http = get(good, false);
	ok(http == 200 && calls == 2, "ST_RETRY runs the handler again, once enough");
	answers[0] = answers[1] = answers[2] = answers[3] = ST_RETRY;
	http = get(good, false);
	ok(http == 503 && calls == 3, "ST_RETRY each time: three runs, then a 503");
	ok(body_has("\"code\":\"unavailable\""), "  unavailable");
	answers[0] = ST_UNAVAILABLE, answers[1] = ST_OK;
	http = get(good, false);
	ok(http == 503 && calls == 1, "any other failure is not run again");
	answers[0] = ST_RETRY, answers[1] = ST_RETRY, answers[2] = ST_OK;
	http = get(good, false);
	ok(http == 200 && calls == 3, "the third run may still succeed");
	return done_testing();
}
