/* route.h: a route table row, the meaning of its flags, and the one place
 * that matches a path against its pattern and checks its named parameters. */
#ifndef SHARED_ROUTE_H
#define SHARED_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "req.h"

#define API	"/api/v1/media"

/*
 * What a route needs; the loop checks it once, before the handler runs.
 * user_id, one of three (contract §2):
 *   default (none of the two): user_id is required, but an X-Internal-Call
 *	may leave it out; the handler then sees r->user_id NULL and answers
 *	across users.
 *   R_NO_USER: user_id is not read (health, metrics).
 *   R_USER: user_id is required, an internal call too: the rows are keyed
 *	by their user (photos, metadata, frames) or the row made belongs to
 *	one (creates). The handler may rely on r->user_id being set.
 */
#define R_BODY		0x01	/* a JSON object body is required */
#define R_BODY_OPT	0x02	/* a JSON object body may be given */
#define R_NO_USER	0x04	/* no user_id */
#define R_USER		0x08	/* user_id always */

/*
 * A pattern is "/"-separated literal segments and named parameters:
 * API "/playlists/{playlist_id}/photos/{photo_id}". Each name must have a
 * rule in route.c's table (route_check_table() says which has none); the
 * loop checks every parameter by its rule before the handler runs, and
 * the handler reads it with req_param(r, "playlist_id").
 */
struct route {
	enum method	 method;
	const char	*pattern;
	int		(*handler)(struct req *);
	unsigned int	 flags;
};

/* Does pattern match r->seg? On a match, r->param holds the named
 * parameters in the pattern's order (not yet checked). Cannot fail. */
bool		 route_match(struct req *, const char *pattern);
/* Check each parameter of r->param by its name's rule: ST_OK, or the
 * rule's recorded failure (the same body the handlers answered before). */
int		 route_check_params(struct req *);
/* The first pattern of routes naming a parameter with no rule (or an
 * unclosed "{"), or whose flags say both R_NO_USER and R_USER; NULL when
 * the table is sound. Cannot fail. */
const char	*route_check_table(const struct route *, size_t n);

#endif
