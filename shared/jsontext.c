/* jsontext.c: cJSON items as arena text for jsonb statement parameters. */
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "jsontext.h"
#include "req.h"

int
jsontext(struct req *r, const cJSON *item, char **out)
{
	char	*text;

	*out = NULL;
	if (item == NULL)
		return ST_OK;
	if ((text = cJSON_PrintUnformatted(item)) == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	*out = arena_strdup(r->arena, text);
	free(text);
	if (*out == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	return ST_OK;
}
