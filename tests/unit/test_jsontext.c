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

	/* cJSON's printer dropped a digit of these (issue 10, finding 11). */
	c = cJSON_Parse("{\"max\":9007199254740991,\"min\":-9007199254740991,"
	    "\"big\":1234567890123456,\"f\":0.30000000000000004,\"t\":0.1,"
	    "\"e\":6.02e-23,\"i\":42,\"z\":0,\"l\":[1.5,{\"n\":-2}]}");
	ok(jsontext(&r, c, &out) == ST_OK, "numbers print");
	is_str(out, "{\"max\":9007199254740991,\"min\":-9007199254740991,"
	    "\"big\":1234567890123456,\"f\":0.30000000000000004,\"t\":0.1,"
	    "\"e\":6.02e-23,\"i\":42,\"z\":0,\"l\":[1.5,{\"n\":-2}]}",
	    "each exactly, at any depth");
	ok(cJSON_IsNumber(cJSON_GetObjectItem(c, "max")), "and the body keeps its numbers");
	cJSON_Delete(c);
	arena_free(r.arena);
	return done_testing();
}
