/* test_req.c: request parsing: percent-decoding, query strings, paths. */
#include <stdlib.h>

#include "arena.h"
#include "req.h"
#include "fixture.h"
#include "tap.h"


int
main(void)
{
	reset();

	is_str(req_decode(r.arena, "a%20b", 5, false), "a b", "%%20 decodes to a space");
	is_str(req_decode(r.arena, "a+b", 3, true), "a b", "+ is a space in a query");
	is_str(req_decode(r.arena, "a+b", 3, false), "a+b", "+ stays in a path");
	is_str(req_decode(r.arena, "%E2%82%AC", 9, false), "\xe2\x82\xac", "UTF-8 escapes decode");
	is_str(req_decode(r.arena, "100%", 4, false), "100%", "a lone %% stays");
	is_str(req_decode(r.arena, "%zz", 3, false), "%zz", "a bad escape stays literal");
	is_str(req_decode(r.arena, "%4", 2, false), "%4", "a short escape stays literal");
	ok(req_decode(r.arena, "a%00b", 5, false) == NULL, "%%00 is refused");

	reset();
	ok(req_parse_query(&r, "user_id=u1&limit=10&q=a%26b&empty=&flag") == ST_OK, "a query parses");
	is_str(req_query(&r, "user_id"), "u1", "user_id is read");
	is_str(req_query(&r, "q"), "a&b", "an escaped & stays in the value");
	is_str(req_query(&r, "empty"), "", "an empty value is empty");
	is_str(req_query(&r, "flag"), "", "a bare name has an empty value");
	is_str(req_query(&r, "missing"), NULL, "a missing name is NULL");
	reset();
	req_parse_query(&r, "user_id=first&user_id=second");
	is_str(req_query(&r, "user_id"), "first", "the first of repeated names wins");
	reset();
	ok(req_parse_query(&r, "a=%00") == ST_BAD_REQUEST, "%%00 in a query is a 400");
	reset();
	{
		char	 many[1024] = "";
		int	 i;

		for (i = 0; i < REQ_QUERY_MAX + 1; i++)
			strcat(many, "a=1&");
		ok(req_parse_query(&r, many) == ST_BAD_REQUEST, "too many parameters is a 400");
	}

	reset();
	ok(req_parse_path(&r, "/api/v1/media/playlists/pl_1/photos/p%201", "") == ST_OK, "a path parses");
	ok(r.n_seg == 7, "into seven segments");
	is_str(r.seg[5], "photos", "segment 5 is photos");
	is_str(r.seg[6], "p 1", "segments are decoded");
	reset();
	ok(req_parse_path(&r, "/api/v1/media/playlists/", "") == ST_OK && r.n_seg == 4,
	    "a trailing slash adds no segment");
	reset();
	ok(req_parse_path(&r, "/a/%00", "") == ST_BAD_REQUEST, "%%00 in a path is a 400");
	reset();
	ok(req_parse_path(&r, "/other", "/api") == ST_NOT_FOUND, "a path outside the prefix is not found");

	reset();
	ok(req_fail(&r, ST_INVALID, "name", "name is %s", "bad") == ST_INVALID, "req_fail returns its status");
	req_fail(&r, ST_INTERNAL, NULL, "later");
	ok(r.fail_st == ST_INVALID, "the first failure is kept");
	is_str(r.fail_detail, "name is bad", "with its detail");

	arena_free(r.arena);
	return done_testing();
}
