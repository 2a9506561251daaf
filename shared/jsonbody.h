/* jsonbody.h: the rules a request body must meet that cJSON does not
 * enforce itself, checked once for every route by req_read_json(). */
#ifndef SHARED_JSONBODY_H
#define SHARED_JSONBODY_H

#include <cjson/cJSON.h>

struct req;

/*
 * Walk the parsed body at every depth. A key repeated in one object is
 * ST_INVALID, recorded with the key's path as the field ("a.b", "a[2].b"):
 * the validators read the first of two keys while PostgreSQL's jsonb keeps
 * the last (RFC 8259 §4 leaves the choice open), so one body could pass a
 * rule with one value and store the other. A number beyond
 * +-(2^53 - 1), or beyond a double's range (1e400), is ST_INVALID too: cJSON
 * would hold a different number than the one sent. Returns ST_OK or the
 * recorded status (ST_UNAVAILABLE when out of memory).
 */
int	jsonbody_check(struct req *, const cJSON *body);

#endif
