/* jsonbody.c: body rules cJSON does not enforce: no key twice in an
 * object, no number a double cannot carry exactly. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "jsonbody.h"
#include "req.h"
#include "utf8.h"

#define PATH_MAX_BYTES	256	/* of a field path in an error body */
#define KEY_MAX_BYTES	100	/* of one key in that path */
#define SMALL_OBJECT	8	/* keys compared pairwise, without sorting */
/* RFC 7493 §2.2 (I-JSON): integers within +-(2^53 - 1) are exact in a
 * double, the form cJSON holds every number in. */
#define EXACT_MAX	9007199254740991.0

/* Where the walk is: a chain up to the body, on the stack. */
struct where {
	const struct where	*up;
	const char		*key;		/* member name, or NULL: */
	int			 index;		/* array index */
};

/* Append w's path to buf, outermost first; whole components only. False
 * once the path was cut ("..." ends it). */
static bool
put_path(char *buf, size_t len, const struct where *w)
{
	size_t	 used, n;
	int	 k;

	if (w == NULL)
		return true;
	if (!put_path(buf, len, w->up))
		return false;
	used = strlen(buf);
	if (w->key != NULL) {
		n = utf8_prefix(w->key, KEY_MAX_BYTES);
		k = snprintf(buf + used, len - used, "%s%.*s%s",
		    used > 0 ? "." : "", (int)n, w->key, w->key[n] != '\0' ? "..." : "");
	} else
		k = snprintf(buf + used, len - used, "[%d]", w->index);
	if (k >= 0 && (size_t)k < len - used)
		return true;
	/* Cut what is there, never inside a character, to make room. */
	buf[used] = '\0';
	if (used + 4 > len)
		used = utf8_prefix(buf, len - 4);
	memcpy(buf + used, "...", 4);
	return false;
}

static int
fail_at(struct req *r, const struct where *w, const char *why)
{
	char	 path[PATH_MAX_BYTES] = "";
	char	*field;

	put_path(path, sizeof(path), w);
	if ((field = arena_strdup(r->arena, path)) == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	return req_fail(r, ST_INVALID, field, "%s %s", field, why);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first key of obj that a later member repeats, or NULL. A 1 MiB body
 * can hold 100,000 keys in one object: sort rather than compare pairs. */
static const char *
repeated_key(struct req *r, const cJSON *obj, int n, int *oom)
{
	const cJSON	*a, *b;
	const char	**names;
	int		 i;

	*oom = 0;
	if (n <= SMALL_OBJECT) {
		for (a = obj->child; a != NULL; a = a->next)
			for (b = a->next; b != NULL; b = b->next)
				if (strcmp(a->string, b->string) == 0)
					return a->string;
		return NULL;
	}
	if ((names = arena_alloc(r->arena, (size_t)n * sizeof(*names))) == NULL) {
		*oom = 1;
		return NULL;
	}
	for (i = 0, a = obj->child; a != NULL; a = a->next)
		names[i++] = a->string;
	qsort(names, (size_t)n, sizeof(*names), cmp_names);
	for (i = 1; i < n; i++)
		if (strcmp(names[i - 1], names[i]) == 0)
			return names[i];
	return NULL;
}

/* Depth is bounded by cJSON's nesting limit (CJSON_NESTING_LIMIT, 1000). */
static int
walk(struct req *r, const cJSON *item, const struct where *w)
{
	const cJSON	*c;
	const char	*dup;
	struct where	 here;
	int		 n, i, oom, rc;

	/* cJSON turns 1e400 into infinity (printed as null) and
	 * 12345678901234567890 into its nearest double: refuse, never store
	 * something else than what was sent. */
	if (cJSON_IsNumber(item) && !(fabs(item->valuedouble) <= EXACT_MAX))
		return fail_at(r, w, "must be a finite number within "
		    "+-9007199254740991 (2^53 - 1) to be kept exactly");
	if (!cJSON_IsObject(item) && !cJSON_IsArray(item))
		return ST_OK;
	n = cJSON_GetArraySize(item);
	if (cJSON_IsObject(item) && n > 1) {
		dup = repeated_key(r, item, n, &oom);
		if (oom)
			return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
		if (dup != NULL) {
			here.up = w, here.key = dup, here.index = 0;
			return fail_at(r, &here, "appears twice in one object; "
			    "a key must be unique");
		}
	}
	for (i = 0, c = item->child; c != NULL; c = c->next, i++) {
		here.up = w;
		here.key = cJSON_IsObject(item) ? c->string : NULL;
		here.index = i;
		if ((rc = walk(r, c, &here)) != ST_OK)
			return rc;
	}
	return ST_OK;
}

int
jsonbody_check(struct req *r, const cJSON *body)
{
	return walk(r, body, NULL);
}
