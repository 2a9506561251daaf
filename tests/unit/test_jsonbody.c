/* test_jsonbody.c: the body rules cJSON leaves to us (issue 10, 7). */
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "jsonbody.h"
#include "fixture.h"
#include "tap.h"

static int
check(const char *json)
{
	cJSON	*c = cJSON_Parse(json);
	int	 rc;

	reset();
	rc = c == NULL ? -1 : jsonbody_check(&r, c);
	cJSON_Delete(c);
	return rc;
}

/* A key twice in one object, found and named by its path. */
static void
test_repeats(void)
{
	ok(check("{}") == ST_OK, "an empty object passes");
	ok(check("{\"a\":1,\"b\":{\"a\":1},\"c\":[{\"a\":1},{\"a\":2}]}") == ST_OK,
	    "the same key in different objects passes");
	ok(check("{\"k\":1,\"K\":2}") == ST_OK, "keys differing in case are two keys");
	ok(check("{\"a\":1,\"a\":2}") == ST_INVALID, "a key twice is invalid");
	is_str(r.fail_field, "a", "naming the key");
	ok(check("{\"a\":{\"b\":{\"c\":1,\"c\":1}}}") == ST_INVALID, "also three levels down");
	is_str(r.fail_field, "a.b.c", "named by its path");
	ok(check("{\"l\":[1,{\"x\":[{},{\"y\":0,\"y\":0}]}]}") == ST_INVALID, "also inside arrays");
	is_str(r.fail_field, "l[1].x[1].y", "with the indexes in the path");
	ok(check("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"c\":10}")
	    == ST_INVALID, "a repeat among more than eight keys");
	is_str(r.fail_field, "c", "is found and named too");
	ok(check("{\"\":1,\"\":2}") == ST_INVALID, "an empty key twice is invalid");
}

/* Numbers a double holds exactly, and those it does not. */
static void
test_numbers(void)
{
	ok(check("{\"a\":9007199254740991,\"b\":-9007199254740991,\"c\":0.1,\"d\":1e-300}")
	    == ST_OK, "+-(2^53 - 1), 0.1 and 1e-300 pass");
	ok(check("{\"a\":{\"b\":[0,1e400]}}") == ST_INVALID, "1e400 is invalid");
	is_str(r.fail_field, "a.b[1]", "named by its path");
	ok(check("{\"a\":-1e400}") == ST_INVALID, "-1e400 is invalid");
	ok(check("{\"a\":12345678901234567890}") == ST_INVALID, "12345678901234567890 is invalid");
	ok(check("{\"a\":9007199254740992}") == ST_INVALID, "2^53 is invalid");
	ok(check("{\"a\":-9007199254740993}") == ST_INVALID, "-(2^53 + 1) is invalid");
}

/* 50,000 distinct keys in one object, then the same with one repeat. */
static void
test_many_keys(void)
{
	char	*big;
	size_t	 i, off;

	big = malloc(50000 * 16 + 16);
	off = 0;
	big[off++] = '{';
	for (i = 0; i < 50000; i++)
		off += (size_t)sprintf(big + off, "%s\"k%zu\":0", i ? "," : "", i);
	big[off++] = '}';
	big[off] = '\0';
	ok(check(big) == ST_OK, "50,000 distinct keys pass");
	sprintf(big + off - 1, ",\"k49999\":1}");
	ok(check(big) == ST_INVALID, "the 50,001st key repeating one is found");
	is_str(r.fail_field, "k49999", "and named");
	free(big);
}

/* A long key is cut in the path at a character boundary. */
static void
test_long_key(void)
{
	char	 key[300] = "", json[700];
	size_t	 i;

	for (i = 0; i < 120; i++)
		strcat(key, "\xc3\xa9");
	snprintf(json, sizeof(json), "{\"x\":{\"%s\":1,\"%s\":2}}", key, key);
	ok(check(json) == ST_INVALID, "a long key twice is invalid");
	ok(r.fail_field != NULL && strlen(r.fail_field) == 2 + 100 + 3,
	    "the path holds the key's first 100 bytes and '...'");
}

/* A path deeper than the error body's limit ends in "...". */
static void
test_deep_path(void)
{
	char	 json[4000] = "";
	size_t	 i;

	for (i = 0; i < 300; i++)
		strcat(json, "{\"ab\":");
	strcat(json, "{\"z\":1,\"z\":1}");
	for (i = 0; i < 300; i++)
		strcat(json, "}");
	ok(check(json) == ST_INVALID, "a repeat 300 objects deep is found");
	ok(r.fail_field != NULL && strlen(r.fail_field) < 256 &&
	    strcmp(r.fail_field + strlen(r.fail_field) - 3, "...") == 0,
	    "its path is cut to 255 bytes, ending in '...'");
}

int
main(void)
{
	test_repeats();
	test_numbers();
	test_many_keys();
	test_long_key();
	test_deep_path();

	arena_free(r.arena);
	return done_testing();
}
