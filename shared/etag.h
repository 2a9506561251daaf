/* etag.h: matching an ETag against an If-None-Match header (RFC 9110 §13.1.2). */
#ifndef SHARED_ETAG_H
#define SHARED_ETAG_H

#include <stdbool.h>

struct arena;

/*
 * True when the If-None-Match header value inm (NULL: absent) matches the
 * entity tag etag (with its quotes, e.g. "\"abc\""): "*", or any listed tag
 * equal to it under the weak comparison (a W/ prefix is ignored). Cannot fail.
 */
bool	etag_matches(const char *inm, const char *etag);
/*
 * The opaque part of inm when it is one tag ("abc" or W/"abc": what a
 * frame sends back), in arena a; NULL for none, "*", a list or a malformed
 * header (the caller then reads the whole answer and uses etag_matches).
 */
char	*etag_single(struct arena *a, const char *inm);

#endif
