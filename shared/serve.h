/* serve.h: the FastCGI request loop and the route table every function uses. */
#ifndef SHARED_SERVE_H
#define SHARED_SERVE_H

#include <stddef.h>

#include <fcgiapp.h>

#include "req.h"

struct arena;

#define API	"/api/v1/media"

/* What a route needs; the loop checks it once, before the handler runs. */
#define R_BODY		0x01	/* a JSON object body is required */
#define R_BODY_OPT	0x02	/* a JSON object body may be given */
#define R_NO_USER	0x04	/* no user_id (health, metrics) */
#define R_USER		0x08	/* user_id even with X-Internal-Call: the
				 * rows are keyed by their user (frames) */

struct route {
	enum method	 method;
	const char	*pattern;	/* "/api/v1/media/playlists/{}"; {} = one segment */
	int		(*handler)(struct req *);
	unsigned int	 flags;
};

/*
 * Serve FastCGI requests on fd 0 (as spawn-fcgi hands it) until SIGTERM,
 * SIGINT or SIGUSR1. For each request: parse, match a route (404/405 in
 * JSON otherwise), read the body and check user_id as the route's flags
 * say, call the handler, send the recorded error if it failed, log one
 * line, free the request's memory. Returns the process exit status: 1
 * at once when fd 0 is a TCP socket and FCGI_WEB_SERVER_ADDRS is unset.
 */
int	serve(const char *function, const struct route *routes, size_t n_routes);
/*
 * One request of serve()'s loop, accepted in fr: route, check, dispatch,
 * send the error body if the handler recorded one, log, count. The
 * caller finishes fr and resets arena a (the loop; tests/fuzz, which
 * gives it streams in memory). Cannot fail: every outcome is a response.
 */
void	serve_handle(FCGX_Request *fr, struct arena *a, const struct route *routes,
	    size_t n);

#endif
