/* serve.c: the FastCGI loop: accept, route, check, dispatch, log, reset. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>
#include <fcgiapp.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "signals.h"
#include "req.h"
#include "resp.h"
#include "serve.h"
#include "stats.h"
#include "valid.h"

/* RFC 9110 §5.6.2 tchar: what a method name is made of. */
#define TCHARS	"!#$%&'*+-.^_`|~0123456789" \
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

static volatile sig_atomic_t	stopping;

/* Finish the request in hand, then stop: closing the listening descriptor
 * makes the next accept() fail, which ends the loop. */
static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
	close(0);
}

static enum method
parse_method(const char *m)
{
	static const struct { const char *name; enum method m; } tab[] = {
		{ "GET", M_GET }, { "POST", M_POST }, { "PUT", M_PUT },
		{ "DELETE", M_DELETE }, { "HEAD", M_HEAD },
	};
	size_t	 i;

	for (i = 0; m != NULL && i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(m, tab[i].name) == 0)
			return tab[i].m;
	return M_OTHER;
}

static const char *
method_name(enum method m)
{
	static const char *const names[] = { "", "GET", "POST", "PUT", "DELETE", "HEAD" };

	return m >= M_GET && m <= M_HEAD ? names[m] : "";
}

/* Find the route for r; 404 when no pattern matches, 405 (with Allow) when
 * one matches with another method. */
static int
route(struct req *r, const struct route *routes, size_t n, const struct route **out)
{
	char		 allow[64] = "";
	const char	*m = r->method_name != NULL ? r->method_name : "";
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (!route_match(r, routes[i].pattern))
			continue;
		if (routes[i].method == r->method ||
		    (r->method == M_HEAD && routes[i].method == M_GET)) {
			*out = &routes[i];
			return ST_OK;
		}
		if (strlen(allow) + 10 < sizeof(allow)) {
			if (*allow != '\0')
				strcat(allow, ", ");
			strcat(allow, method_name(routes[i].method));
		}
	}
	if (*allow == '\0')
		return req_fail(r, ST_NOT_FOUND, NULL, "no such endpoint");
	resp_header(r, "Allow", "%s", allow);
	/* The method's token characters only (RFC 9110 §5.6.2): nginx sends
	 * no others, but whoever reaches the FastCGI socket may, and a byte
	 * that is not UTF-8 would make the error body no JSON text. */
	return req_fail(r, ST_METHOD, NULL, "method %.*s not allowed here; allowed: %s",
	    (int)strspn(m, TCHARS), m, allow);
}

/* Contract §2: user_id on every user-facing call, unless X-Internal-Call. */
static int
identity(struct req *r)
{
	const char	*internal = req_env(r, "HTTP_X_INTERNAL_CALL");
	int		 rc;

	r->internal = internal != NULL && strcmp(internal, "true") == 0;
	r->user_id = req_query(r, "user_id");
	r->org_id = req_query(r, "organization_id");
	if (r->user_id == NULL && !r->internal)
		return req_fail(r, ST_INVALID, "user_id", "user_id is required");
	if (r->user_id != NULL && (rc = valid_id(r, "user_id", r->user_id)) != ST_OK)
		return rc;
	if (r->org_id != NULL && (rc = valid_id(r, "organization_id", r->org_id)) != ST_OK)
		return rc;
	return ST_OK;
}

static int
prepare(struct req *r, const struct route *routes, size_t n, const struct route **rt)
{
	const char	*uri = req_env(r, "REQUEST_URI"), *q;
	char		*path;
	int		 rc;

	r->method_name = req_env(r, "REQUEST_METHOD");
	r->method = parse_method(r->method_name);
	r->request_id = req_env(r, "HTTP_X_REQUEST_ID");
	if (uri == NULL)
		uri = "/";
	q = strchr(uri, '?');
	path = arena_strndup(r->arena, uri, q ? (size_t)(q - uri) : strlen(uri));
	r->path = path;
	if (path == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	if ((rc = req_parse_path(r, path, "")) != ST_OK ||
	    (rc = req_parse_query(r, q ? q + 1 : "")) != ST_OK ||
	    (rc = route(r, routes, n, rt)) != ST_OK)
		return rc;
	/* user_id as route.h says: R_NO_USER, default, R_USER. */
	if (!((*rt)->flags & R_NO_USER) && (rc = identity(r)) != ST_OK)
		return rc;
	if (((*rt)->flags & R_USER) && r->user_id == NULL)
		return req_fail(r, ST_INVALID, "user_id",
		    "user_id is required, also for internal calls, on this route");
	if (((*rt)->flags & (R_BODY | R_BODY_OPT)) &&
	    (rc = req_read_json(r, ((*rt)->flags & R_BODY) != 0)) != ST_OK)
		return rc;
	/* After the body, as the handlers checked them when they did. */
	return route_check_params(r);
}

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#define RUN_TRIES	3

/*
 * Call the route's handler. One that returns ST_RETRY (a deadlock or
 * serialization failure, two writers locking the same rows in another
 * order, rolled its transaction back whole: db_check()) runs again, up to
 * RUN_TRIES times in all, before the client sees a 503; by the rule of
 * serve.h it has had no effect yet. Each run again is logged with a fixed
 * message ("serve: handler retried"), so a retry is counted, never
 * hidden: the lock order of the README should leave none
 * (locks-concurrent.t).
 */
static int
run(struct req *r, const struct route *rt)
{
	int	 rc, tries;

	rc = rt->handler(r);
	for (tries = 1; rc == ST_RETRY && r->http_status == 0 && tries < RUN_TRIES;
	    tries++) {
		db_abandon();
		log_warn("serve: handler retried: %s %s after a deadlock or serialization "
		    "failure (run %d of %d)", r->method_name, r->path, tries + 1, RUN_TRIES);
		r->fail_st = ST_OK;
		r->fail_field = NULL;
		r->fail_detail = NULL;
		r->resp_headers = NULL;
		rc = rt->handler(r);
	}
	return rc;
}

void
serve_handle(FCGX_Request *fr, struct arena *a, const struct route *routes, size_t n)
{
	struct req		 r;
	const struct route	*rt = NULL;
	double			 t0 = now_ms(), ms;
	int			 rc;

	memset(&r, 0, sizeof(r));
	r.fcgi = fr;
	r.arena = a;
	if ((rc = prepare(&r, routes, n, &rt)) == ST_OK)
		rc = run(&r, rt);
	db_abandon();
	if (r.http_status == 0)
		resp_error(&r, rc == ST_OK ? ST_INTERNAL : rc);
	ms = now_ms() - t0;
	log_request(r.method_name, r.path, r.http_status, ms, r.user_id, r.request_id);
	/* Contract §3.6: counted in the segment every worker shares. */
	stats_request(r.http_status, r.method == M_GET || r.method == M_HEAD, ms / 1e3);
	cJSON_Delete(r.body);
}

/*
 * A pool on a TCP socket (a router on another host, README "More than one
 * host") must name its routers: whoever reaches a FastCGI port sends any
 * header, X-Internal-Call included, and libfcgi accepts every peer unless
 * FCGI_WEB_SERVER_ADDRS lists the allowed ones. Fail closed at start.
 */
static bool
tcp_without_allow_list(void)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(ss);
	const char		*allow = getenv("FCGI_WEB_SERVER_ADDRS");

	if (getsockname(0, (struct sockaddr *)&ss, &len) != 0)
		return false;	/* not a socket: libfcgi fails on its own */
	return (ss.ss_family == AF_INET || ss.ss_family == AF_INET6) &&
	    (allow == NULL || *allow == '\0');
}

int
serve(const char *function, const struct route *routes, size_t n_routes)
{
	FCGX_Request	 fr;
	struct arena	*a;
	const char	*bad;

	log_init(function);
	config_load();
	if ((bad = route_check_table(routes, n_routes)) != NULL) {
		log_error("serve: route %s names a path parameter with no rule "
		    "(shared/route.c) or says both R_NO_USER and R_USER", bad);
		return 1;
	}
	signals_on_stop(on_stop, true);
	if (tcp_without_allow_list()) {
		log_error("serve: a TCP socket and no FCGI_WEB_SERVER_ADDRS: anyone "
		    "reaching the port could forge X-Internal-Call; set it to the "
		    "routers' addresses");
		return 1;
	}
	stats_init(function);
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, 0, 0) != 0) {
		log_error("serve: FastCGI initialisation failed");
		return 1;
	}
	if ((a = arena_new()) == NULL) {
		log_error("serve: out of memory");
		return 1;
	}
	log_info("serve: %s worker %d ready", function, (int)getpid());
	while (!stopping && FCGX_Accept_r(&fr) >= 0) {
		serve_handle(&fr, a, routes, n_routes);
		FCGX_Finish_r(&fr);
		arena_reset(a);
	}
	FCGX_Free(&fr, 1);
	arena_free(a);
	db_close();
	stats_close();
	log_info("serve: %s worker %d stopping", function, (int)getpid());
	return 0;
}
