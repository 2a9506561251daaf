/* jsontext.c: cJSON items as arena text for jsonb statement parameters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "jsontext.h"
#include "req.h"

/*
 * The shortest "%.*g" text that reads back as exactly d. cJSON's own
 * printer accepts 15 digits when they come within DBL_EPSILON of d, so it
 * printed 9007199254740991 as 9007199254740990 (issue 10, finding 11).
 */
static void
exact_number(double d, char *buf, size_t len)
{
	int	 prec;

	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, len, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
	snprintf(buf, len, "%.17g", d);
}

/* Turn every number of a copy into raw text of its exact value. False when
 * out of memory. */
static bool
exact_numbers(cJSON *item)
{
	cJSON	*c;
	char	 buf[32];

	if (cJSON_IsNumber(item) && isfinite(item->valuedouble)) {
		exact_number(item->valuedouble, buf, sizeof(buf));
		/* cJSON_Delete frees valuestring whatever the type. */
		if ((item->valuestring = cJSON_malloc(strlen(buf) + 1)) == NULL)
			return false;
		memcpy(item->valuestring, buf, strlen(buf) + 1);
		item->type = cJSON_Raw;
		return true;
	}
	for (c = item->child; c != NULL; c = c->next)
		if (!exact_numbers(c))
			return false;
	return true;
}

int
jsontext(struct req *r, const cJSON *item, char **out)
{
	cJSON	*copy = NULL;
	char	*text = NULL;
	int	 rc = ST_OK;

	*out = NULL;
	if (item == NULL)
		return ST_OK;
	if ((copy = cJSON_Duplicate(item, 1)) == NULL || !exact_numbers(copy) ||
	    (text = cJSON_PrintUnformatted(copy)) == NULL ||
	    (*out = arena_strdup(r->arena, text)) == NULL)
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	free(text);
	cJSON_Delete(copy);
	return rc;
}
