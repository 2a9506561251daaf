/* serve.h: the FastCGI request loop every function runs on its route table
 * (route.h). */
#ifndef SHARED_SERVE_H
#define SHARED_SERVE_H

#include <stddef.h>

#include <fcgiapp.h>

#include "req.h"
#include "route.h"

struct arena;

/*
 * Serve FastCGI requests on fd 0 (as spawn-fcgi hands it) until SIGTERM,
 * SIGINT or SIGUSR1. For each request: parse, match a route (404/405 in
 * JSON otherwise), check user_id and read the body as the route's flags
 * say, check the path parameters by their rules, call the handler, send
 * the recorded error if it failed, log one line, free the request's
 * memory. Returns the process exit status: 1
 * at once when fd 0 is a TCP socket and FCGI_WEB_SERVER_ADDRS is unset,
 * or when a route names a path parameter that has no rule.
 */
int	serve(const char *function, const struct route *routes, size_t n_routes);
/*
 * A handler returns a status (status.h), ST_RETRY as db_check() gave it:
 * the loop then runs the handler again, from the start, with the same
 * request. That is safe only while nothing the handler did has had an
 * effect outside its transaction, which the rollback undid: so no side
 * effect before the transaction ends (no file removed, no event sent, no
 * statement committed on its own before a later one). A handler whose
 * statement fails after such an effect returns db_no_retry(rc) instead:
 * a 503, never the effect twice.
 */

/*
 * One request of serve()'s loop, accepted in fr: route, check, dispatch,
 * send the error body if the handler recorded one, log, count. The
 * caller finishes fr and resets arena a (the loop; tests/fuzz, which
 * gives it streams in memory). Cannot fail: every outcome is a response.
 */
void	serve_handle(FCGX_Request *fr, struct arena *a, const struct route *routes,
	    size_t n);

#endif
