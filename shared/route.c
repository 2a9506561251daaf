/* route.c: matching a path against a route pattern, and the table from a
 * path parameter's name to its rule. */
#include <string.h>

#include "route.h"
#include "valid.h"

/*
 * Every path parameter the route tables name, and its rule. The field of
 * a failure is the parameter's name. A rule is here once, so a route
 * cannot forget it; a name that is not here stops the function at start
 * (serve(), route_check_table()) and tests/unit/test_routes.c walks every
 * function's table.
 */
static const struct {
	const char	*name;
	int		(*check)(struct req *, const char *field, const char *value);
} rules[] = {
	{ "cache_id",		valid_id },
	{ "file_id",		valid_id },
	{ "frame_id",		valid_id },
	{ "photo_id",		valid_id },
	{ "playlist_id",	valid_id },
	{ "schedule_id",	valid_id },
	{ "version_id",		valid_id },
};

/* The rule's index for the len bytes of name, or -1. */
static int
rule_of(const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strlen(rules[i].name) == len && strncmp(rules[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

bool
route_match(struct req *r, const char *pattern)
{
	const char	*p = pattern;
	size_t		 i = 0, len;

	r->n_param = 0;
	while (*p == '/') {
		p++;
		len = strcspn(p, "/");
		if (i >= r->n_seg)
			return false;
		if (len >= 2 && p[0] == '{' && p[len - 1] == '}') {
			r->param[r->n_param].name = p + 1;
			r->param[r->n_param].name_len = len - 2;
			r->param[r->n_param++].value = r->seg[i];
		} else if (strlen(r->seg[i]) != len || strncmp(p, r->seg[i], len) != 0)
			return false;
		i++;
		p += len;
	}
	return i == r->n_seg;
}

int
route_check_params(struct req *r)
{
	size_t	 i;
	int	 k, rc;

	for (i = 0; i < r->n_param; i++) {
		k = rule_of(r->param[i].name, r->param[i].name_len);
		if (k < 0)	/* route_check_table() keeps this from happening */
			return req_fail(r, ST_INTERNAL, NULL, "path parameter %.*s has no rule",
			    (int)r->param[i].name_len, r->param[i].name);
		if ((rc = rules[k].check(r, rules[k].name, r->param[i].value)) != ST_OK)
			return rc;
	}
	return ST_OK;
}

const char *
route_check_table(const struct route *routes, size_t n)
{
	const char	*p;
	size_t		 i, len;

	for (i = 0; i < n; i++) {
		if ((routes[i].flags & (R_NO_USER | R_USER)) == (R_NO_USER | R_USER))
			return routes[i].pattern;
		for (p = strchr(routes[i].pattern, '{'); p != NULL; p = strchr(p + 1, '{')) {
			len = strcspn(p, "/");
			if (len < 2 || p[len - 1] != '}' || rule_of(p + 1, len - 2) < 0)
				return routes[i].pattern;
		}
	}
	return NULL;
}
