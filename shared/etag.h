/* etag.h: matching an ETag against an If-None-Match header (RFC 9110 §13.1.2). */
#ifndef SHARED_ETAG_H
#define SHARED_ETAG_H

#include <stdbool.h>

/*
 * True when the If-None-Match header value inm (NULL: absent) matches the
 * entity tag etag (with its quotes, e.g. "\"abc\""): "*", or any listed tag
 * equal to it under the weak comparison (a W/ prefix is ignored). Cannot fail.
 */
bool	etag_matches(const char *inm, const char *etag);

#endif
