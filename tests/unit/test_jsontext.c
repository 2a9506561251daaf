/* test_jsontext.c: cJSON items as arena text for jsonb parameters. */
#include <cjson/cJSON.h>

#include "jsontext.h"
#include "fixture.h"
#include "tap.h"

int
main(void)
{
	cJSON	*c = cJSON_Parse("{ \"a\" : [1, \"x\"], \"b\" : {} }");
	char	*out = (char *)"unset";

	reset();
	ok(jsontext(&r, c, &out) == ST_OK, "an object prints");
	is_str(out, "{\"a\":[1,\"x\"],\"b\":{}}", "compactly, in key order");
	ok(jsontext(&r, NULL, &out) == ST_OK && out == NULL, "no item is an SQL NULL, not a failure");
	ok(jsontext(&r, cJSON_GetObjectItem(c, "a"), &out) == ST_OK, "an array prints");
	is_str(out, "[1,\"x\"]", "as an array");
	ok(r.fail_st == ST_OK, "nothing was recorded as a failure");
	cJSON_Delete(c);
	arena_free(r.arena);
	return done_testing();
}
