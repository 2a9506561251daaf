/* jsontext.h: a cJSON item as compact JSON text in the request's arena,
 * the form a jsonb statement parameter takes. */
#ifndef SHARED_JSONTEXT_H
#define SHARED_JSONTEXT_H

#include <cjson/cJSON.h>

struct req;

/*
 * Print item unformatted into r->arena and point *out at it (arena string,
 * do not free). A NULL item gives *out = NULL, an SQL NULL parameter.
 * Numbers print as the shortest text that reads back as the same double.
 * Returns ST_OK, or ST_UNAVAILABLE (recorded in r) when out of memory.
 */
int	jsontext(struct req *r, const cJSON *item, char **out);

#endif
