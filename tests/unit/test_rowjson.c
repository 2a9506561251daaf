/* test_rowjson.c: binary column values rendered as JSON, on hand-made
 * results holding the bytes PostgreSQL's send functions produce. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "rowjson.h"
#include "tap.h"

/* A one-row binary result of one column of type typid holding the len
 * bytes at value (NULL: SQL NULL). */
static PGresult *
one(const char *name, unsigned int typid, const void *value, int len)
{
	PGresAttDesc	 att;
	PGresult	*res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);

	memset(&att, 0, sizeof(att));
	att.name = (char *)name;
	att.typid = typid;
	att.typlen = -1;
	att.atttypmod = -1;
	att.format = 1;
	PQsetResultAttrs(res, 1, &att);
	PQsetvalue(res, 0, 0, (char *)value, value ? len : -1);
	return res;
}

/* The JSON of that one value, in arena a. */
static const char *
render(struct arena *a, unsigned int typid, const void *value, int len)
{
	PGresult	*res = one("v", typid, value, len);
	struct jbuf	 b;
	bool		 okay;

	jbuf_init(&b, a);
	okay = rowjson_value(&b, res, 0, 0);
	PQclear(res);
	return okay && !b.failed ? (b.len ? b.text : "") : "(false)";
}

int
main(void)
{
	struct arena	*a = arena_new();
	/* int4 -7; int8 2^40; bool true */
	const unsigned char i4[] = { 0xff, 0xff, 0xff, 0xf9 };
	const unsigned char i8[] = { 0, 0, 1, 0, 0, 0, 0, 0 };
	const unsigned char t[] = { 1 };
	/* numeric 0.8500 (ndigits 1, weight -1, +, dscale 4, 8500) */
	const unsigned char n1[] = { 0, 1, 0xff, 0xff, 0, 0, 0, 4, 0x21, 0x34 };
	/* numeric -12345.678 (digits 1 2345 6780, weight 1, dscale 3) */
	const unsigned char n2[] = { 0, 3, 0, 1, 0x40, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1a, 0x7c };
	/* numeric 0 with dscale 2; numeric NaN */
	const unsigned char n3[] = { 0, 0, 0, 0, 0, 0, 0, 2 };
	const unsigned char nan[] = { 0, 0, 0, 0, 0xc0, 0, 0, 0 };
	/* timestamptz 2025-12-11T12:00:00.999999Z: (1765454400 - 946684800) s
	 * + 999999 us = 818769600999999 us; and one microsecond before 2000 */
	const unsigned char ts[] = { 0, 0x02, 0xe8, 0xaa, 0xa7, 0x38, 0x72, 0x3f };
	const unsigned char ts_neg[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const unsigned char inf[] = { 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	/* date 2000-03-01: day 60 */
	const unsigned char date[] = { 0, 0, 0, 60 };
	/* float8 0.1 */
	const unsigned char f8[] = { 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a };
	const char jsonb[] = "\001[\"a\", \"b\"]";
	const char text[] = "q\"b\\s\n\001é";

	is_str(render(a, 23, i4, 4), "-7", "int4 in network order, signed");
	is_str(render(a, 20, i8, 8), "1099511627776", "int8");
	is_str(render(a, 16, t, 1), "true", "bool");
	is_str(render(a, 1700, n1, sizeof(n1)), "0.8500", "numeric keeps its scale as numeric_out");
	is_str(render(a, 1700, n2, sizeof(n2)), "-12345.678", "numeric: sign, weight, scale cut");
	is_str(render(a, 1700, n3, sizeof(n3)), "0.00", "numeric zero");
	is_str(render(a, 1700, nan, sizeof(nan)), "null", "numeric NaN has no JSON form: null");
	is_str(render(a, 1184, ts, 8), "\"2025-12-11T12:00:00Z\"",
	    "timestamptz: RFC 3339 UTC, the fraction cut as to_char did");
	is_str(render(a, 1184, ts_neg, 8), "\"1999-12-31T23:59:59Z\"",
	    "a timestamp before 2000 floors to the second before");
	is_str(render(a, 1184, inf, 8), "null", "infinity: null");
	is_str(render(a, 1082, date, 4), "\"2000-03-01\"", "date");
	is_str(render(a, 701, f8, 8), "0.1", "float8 as its shortest text");
	is_str(render(a, 3802, jsonb, (int)sizeof(jsonb) - 1), "[\"a\", \"b\"]",
	    "jsonb: the version byte dropped, the text as it is");
	is_str(render(a, 3802, "\002{}", 3), "(false)", "an unknown jsonb version is refused");
	is_str(render(a, 25, text, (int)strlen(text)), "\"q\\\"b\\\\s\\u000a\\u0001é\"",
	    "text: quote, backslash and controls escaped, UTF-8 kept");
	is_str(render(a, 25, NULL, 0), "null", "SQL NULL is null");
	is_str(render(a, 17, "x", 1), "(false)", "a type it does not know (bytea) is refused");
	is_str(render(a, 23, i4, 3), "(false)", "an int4 of 3 bytes is refused");

	ok(rowjson_array_length("[]", 2) == 0, "[] has 0 elements");
	ok(rowjson_array_length("[\"a\"]", 5) == 1, "one element");
	ok(rowjson_array_length("[\"a,b\", [1, 2], {\"k\": [3]}]", 26) == 3,
	    "commas inside strings, arrays and objects do not count");
	ok(rowjson_array_length("{}", 2) == -1, "an object is not an array");

	arena_free(a);
	return done_testing();
}
