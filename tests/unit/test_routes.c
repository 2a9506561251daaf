/* test_routes.c: route patterns with named parameters: matching, the
 * accessor, each name's rule, and every function's real route table. */
#include <stdlib.h>

#include "arena.h"
#include "req.h"
#include "route.h"
#include "fixture.h"
#include "tap.h"

/* ROUTE_GROUPS (from the Makefile) is X(cache) X(frames) ...: each
 * functions/<g>/main.c is built with main = tables_main_<g> and serve =
 * tables_add, so calling it hands over the table its binary serves. */
#define X(g)	int tables_main_##g(void);
ROUTE_GROUPS
#undef X

static const char	*group;
static int		 n_groups;
static size_t		 n_routes;

int
tables_add(const char *function, const struct route *routes, size_t n)
{
	const char	*bad = route_check_table(routes, n);

	n_groups++;
	n_routes += n;
	ok(bad == NULL, "%s: every path parameter has a rule, the flags agree%s%s",
	    function, bad ? ": not in " : "", bad ? bad : "");
	ok(group != NULL && strcmp(function, group) == 0, "%s serves its own table", function);
	return 0;
}

/* Parse path and match it against pattern. */
static bool
matches(const char *path, const char *pattern)
{
	reset();
	if (req_parse_path(&r, path, "") != ST_OK)
		return false;
	return route_match(&r, pattern);
}

static void
test_match(void)
{
	const char	*two = API "/playlists/{playlist_id}/photos/{photo_id}";

	ok(matches(API "/playlists/pl_1/photos/ph%202", two), "two named parameters match");
	ok(r.n_param == 2, "  and are two");
	is_str(req_param(&r, "playlist_id"), "pl_1", "  playlist_id by name");
	is_str(req_param(&r, "photo_id"), "ph 2", "  photo_id by name, decoded");
	is_str(req_param(&r, "photo"), NULL, "  a prefix of a name is no name");
	is_str(req_param(&r, "version_id"), NULL, "  a name the route lacks is NULL");
	ok(!matches(API "/playlists/pl_1/photo/ph_2", two), "a literal segment must be equal");
	ok(!matches(API "/playlists/pl_1/photos", two), "a missing segment is no match");
	ok(!matches(API "/playlists/pl_1/photos/ph_2/x", two), "an extra segment is no match");
	ok(matches(API "/playlists", API "/playlists") && r.n_param == 0,
	    "a pattern without parameters matches and names none");
	ok(matches(API "/cache/frame", API "/cache/{cache_id}"),
	    "a parameter takes any one segment, a literal word too");
	is_str(req_param(&r, "cache_id"), "frame", "  (the table puts the literal route first)");
}

/* Match path against pattern, then check its parameters. */
static int
checked(const char *path, const char *pattern)
{
	if (!matches(path, pattern))
		return -1;
	return route_check_params(&r);
}

static void
test_rules(void)
{
	const char	*two = API "/playlists/{playlist_id}/photos/{photo_id}";
	const char	*long51 = API "/playlists/"
	    "a123456789b123456789c123456789d123456789e123456789f";

	ok(checked(API "/playlists/pl_1/photos/ph.2:x-y", two) == ST_OK, "well-formed ids pass");
	ok(checked(API "/playlists/bad!id/photos/ph_2", two) == ST_INVALID,
	    "a malformed id is a validation error");
	is_str(r.fail_field, "playlist_id", "  naming the parameter as its field");
	ok(r.fail_detail != NULL, "  with a detail");
	ok(checked(API "/playlists/pl_1/photos/.hidden", two) == ST_INVALID,
	    "an id starting with '.' is refused");
	is_str(r.fail_field, "photo_id", "  naming the second parameter");
	ok(checked(API "/playlists/b%21d/photos/.x", two) == ST_INVALID, "two bad parameters");
	is_str(r.fail_field, "playlist_id", "  the first in the path is the one answered");
	ok(checked(long51, API "/playlists/{playlist_id}") == ST_INVALID, "51 characters is too long");
	is_str(r.fail_field, "playlist_id", "  naming it");
	ok(checked(API "/x/1", API "/x/{nameless_id}") == ST_INTERNAL,
	    "a name without a rule fails closed (500), never unchecked");
}

static int
h(struct req *r_)
{
	(void)r_;
	return ST_OK;
}

static void
test_table_check(void)
{
	const struct route	 good[] = { { M_GET, API "/photos/{photo_id}/versions/{version_id}", h, 0 } };
	const struct route	 unknown[] = { { M_GET, API "/a", h, 0 }, { M_GET, API "/p/{playlistid}", h, 0 } };
	const struct route	 empty[] = { { M_GET, API "/p/{}", h, 0 } };
	const struct route	 open[] = { { M_GET, API "/p/{photo_id", h, 0 } };
	const struct route	 both[] = { { M_GET, API "/p", h, R_NO_USER | R_USER } };

	ok(route_check_table(good, 1) == NULL, "a table of known names passes");
	is_str(route_check_table(unknown, 2), API "/p/{playlistid}", "an unknown name is named");
	is_str(route_check_table(empty, 1), API "/p/{}", "an empty name is refused");
	is_str(route_check_table(open, 1), API "/p/{photo_id", "an unclosed { is refused");
	is_str(route_check_table(both, 1), API "/p", "R_NO_USER with R_USER is refused");
}

int
main(void)
{
	test_match();
	test_rules();
	test_table_check();
#define X(g)	group = #g; tables_main_##g();
	ROUTE_GROUPS
#undef X
	ok(n_groups >= 8 && n_routes >= 30, "every function's table was walked (%d, %zu routes)",
	    n_groups, n_routes);
	arena_free(r.arena);
	return done_testing();
}
