/* test_valid.c: the validators' edges: empty, max, max + 1, bad UTF-8,
 * control characters, ranges, case-insensitive enums, HH:MM, times. */
#include <math.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "display.h"
#include "req.h"
#include "utf8.h"
#include "valid.h"
#include "fixture.h"
#include "tap.h"

static int
check_json(const char *json, int (*fn)(const cJSON *))
{
	cJSON	*o = cJSON_Parse(json);
	int	 rc;

	reset();
	rc = fn(o);
	cJSON_Delete(o);
	return rc;
}

static int name_1_255(const cJSON *o) { const char *v; return valid_str(&r, o, "name", 1, 255, true, &v); }
static int dur_1_60(const cJSON *o) { long long v; bool h; return valid_int(&r, o, "d", 1, 60, &v, &h); }
static int score_0_1(const cJSON *o) { double v; bool h; return valid_num(&r, o, "s", 0, 1, &v, &h); }
static int flag(const cJSON *o) { bool v, h; return valid_bool(&r, o, "f", &v, &h); }
static int ids_max3(const cJSON *o) { const cJSON *v; return valid_id_array(&r, o, "ids", 3, &v); }

/* trigger subjects (issue 10 finding 5): inside MEDIA_TRIGGER_SUBJECTS */
static void
test_subjects(void)
{
	ok(valid_subject_in("trigger.>", "trigger.doorbell"), "trigger.> holds trigger.doorbell");
	ok(valid_subject_in("trigger.>", "trigger.u1.door.pressed"), "and deeper subjects");
	ok(!valid_subject_in("trigger.>", "trigger"), "but not trigger itself (> is one token or more)");
	ok(!valid_subject_in("trigger.>", "doorbell.pressed"), "nor a subject outside it");
	ok(!valid_subject_in("trigger.>", "triggerx.a"), "nor one that only starts with its letters");
	ok(!valid_subject_in("trigger.>", "trigger..a"), "an empty token is no subject");
	ok(!valid_subject_in("trigger.>", "trigger.a."), "nor a trailing dot");
	ok(!valid_subject_in("trigger.>", "trigger.*"), "nor a wildcard");
	ok(valid_subject_in("home.*.bell", "home.u1.bell"), "* is any one token");
	ok(!valid_subject_in("home.*.bell", "home.u1.x.bell"), "and only one");
	ok(!valid_subject_in("home.*.bell", "home.u1"), "a shorter subject does not match");
	ok(valid_subject_in("a.b", "a.b") && !valid_subject_in("a.b", "a.b.c"), "a literal pattern is itself");
	ok(valid_subject_pattern("trigger.>") && valid_subject_pattern("a.*.c"), "patterns");
	ok(!valid_subject_pattern(">.a") && !valid_subject_pattern("a..b") && !valid_subject_pattern(""),
	    "> only last, no empty token, not empty");
}

/* ids (contract §2) */
static void
test_ids(void)
{
	char	 s51[52];

	ok(valid_is_id("u1"), "a short id is valid");
	ok(valid_is_id("A-z_0.9:x"), "every allowed character is accepted");
	memset(s51, 'a', 50); s51[50] = '\0';
	ok(valid_is_id(s51), "a 50-character id is valid");
	s51[50] = 'a'; s51[51] = '\0';
	ok(!valid_is_id(s51), "a 51-character id is refused");
	ok(!valid_is_id(""), "an empty id is refused");
	ok(!valid_is_id(NULL), "a NULL id is refused");
	ok(!valid_is_id(".hidden"), "an id starting with '.' is refused");
	ok(!valid_is_id("../etc"), "a path traversal id is refused");
	ok(!valid_is_id("a/b"), "an id with a slash is refused");
	ok(!valid_is_id("a b"), "an id with a space is refused");
	ok(!valid_is_id("x' OR '1'='1"), "an SQL-looking id is refused");
	ok(!valid_is_id("caf\xc3\xa9"), "an id with non-ASCII is refused");
	reset();
	ok(valid_id(&r, "user_id", "bad id") == ST_INVALID, "valid_id answers ST_INVALID");
	is_str(r.fail_field, "user_id", "and names the field");
}

/* text */
static void
test_text(void)
{
	ok(valid_is_text("plain", NULL), "ASCII text is text");
	ok(valid_is_text("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", NULL), "2-, 3- and 4-byte UTF-8 is text");
	ok(!valid_is_text("\xc3", NULL), "a truncated sequence is not text");
	ok(!valid_is_text("\xc0\xaf", NULL), "an overlong encoding is not text");
	ok(!valid_is_text("\xed\xa0\x80", NULL), "a UTF-16 surrogate is not text");
	ok(!valid_is_text("\xf4\x90\x80\x80", NULL), "a code point past U+10FFFF is not text");
	ok(!valid_is_text("a\x01z", NULL), "a control character is not text");
	ok(valid_is_text("tab\there\nnewline", NULL), "tab and newline are text");
}

/* a whole body: UTF-8 of any code point (utf8_valid, req_read_json) */
static void
test_utf8(void)
{
	ok(utf8_valid("a\x01\xc3\xa9\xf0\x9f\x98\x80", 7), "control characters and 2-, 4-byte UTF-8 are UTF-8");
	ok(utf8_valid("", 0), "nothing is UTF-8");
	ok(!utf8_valid("{\"a\x81\":1}", 7), "a stray continuation byte is not");
	ok(!utf8_valid("\xc0\xaf", 2), "an overlong form is not");
	ok(!utf8_valid("\xed\xa0\x80", 3), "a surrogate is not");
	ok(!utf8_valid("ab\xe2\x82", 4), "a sequence cut at the end is not");
	ok(!utf8_valid("a\0b", 3), "an embedded NUL is not");
}

/* strings: lengths count characters, not bytes */
static void
test_strings(void)
{
	char	 name[300];

	ok(check_json("{\"name\":\"x\"}", name_1_255) == ST_OK, "a 1-character name passes");
	ok(check_json("{\"name\":\"\"}", name_1_255) == ST_INVALID, "an empty name fails");
	ok(check_json("{}", name_1_255) == ST_INVALID, "a missing required name fails");
	ok(check_json("{\"name\":null}", name_1_255) == ST_INVALID, "a null required name fails");
	ok(check_json("{\"name\":5}", name_1_255) == ST_INVALID, "a number for a string fails");
	memset(name, 'n', 255); name[255] = '\0';
	{
		char json[400];

		snprintf(json, sizeof(json), "{\"name\":\"%s\"}", name);
		ok(check_json(json, name_1_255) == ST_OK, "a 255-character name passes");
		snprintf(json, sizeof(json), "{\"name\":\"%sn\"}", name);
		ok(check_json(json, name_1_255) == ST_INVALID, "a 256-character name fails");
	}
	ok(check_json("{\"name\":\"\xc3\xa9\xc3\xa9\"}", name_1_255) == ST_OK,
	    "multi-byte characters count once");
}

/* integers, numbers, booleans */
static void
test_numbers(void)
{
	ok(check_json("{\"d\":1}", dur_1_60) == ST_OK, "integer at the minimum passes");
	ok(check_json("{\"d\":60}", dur_1_60) == ST_OK, "integer at the maximum passes");
	ok(check_json("{\"d\":0}", dur_1_60) == ST_INVALID, "integer below the minimum fails");
	ok(check_json("{\"d\":61}", dur_1_60) == ST_INVALID, "integer above the maximum fails");
	ok(check_json("{\"d\":1.5}", dur_1_60) == ST_INVALID, "a fraction is not an integer");
	ok(check_json("{\"d\":\"5\"}", dur_1_60) == ST_INVALID, "a string is not an integer");
	ok(check_json("{\"d\":1e400}", dur_1_60) == ST_INVALID, "an overflowing number fails");
	ok(check_json("{\"d\":-9223372036854775809}", dur_1_60) == ST_INVALID, "a huge negative fails");
	ok(check_json("{\"s\":0}", score_0_1) == ST_OK, "score 0 passes");
	ok(check_json("{\"s\":1}", score_0_1) == ST_OK, "score 1 passes");
	ok(check_json("{\"s\":1.0001}", score_0_1) == ST_INVALID, "score above 1 fails");
	ok(check_json("{\"s\":-0.1}", score_0_1) == ST_INVALID, "negative score fails");
	ok(check_json("{\"f\":true}", flag) == ST_OK, "true is a boolean");
	ok(check_json("{\"f\":\"true\"}", flag) == ST_INVALID, "\"true\" is not a boolean");
	ok(check_json("{\"f\":1}", flag) == ST_INVALID, "1 is not a boolean");
}

/* id arrays */
static void
test_id_arrays(void)
{
	ok(check_json("{\"ids\":[\"a\",\"b\",\"a\"]}", ids_max3) == ST_OK, "3 ids (with a duplicate) pass");
	ok(check_json("{\"ids\":[\"a\",\"b\",\"c\",\"d\"]}", ids_max3) == ST_INVALID, "4 ids exceed a max of 3");
	ok(check_json("{\"ids\":[\"a\",5]}", ids_max3) == ST_INVALID, "a number among ids fails");
	ok(check_json("{\"ids\":[\"../x\"]}", ids_max3) == ST_INVALID, "a malicious id among ids fails");
	ok(check_json("{\"ids\":\"a\"}", ids_max3) == ST_INVALID, "a string is not an array");
}

/* enums in any case */
static void
test_enums(void)
{
	static const char *const types[] = { "manual", "smart", "ai_curated", NULL };
	const char	*canon;

	reset();
	ok(valid_enum(&r, "t", "SMART", types, &canon) == ST_OK, "SMART is accepted");
	is_str(canon, "smart", "and canonicalised to lowercase");
	ok(valid_enum(&r, "t", "Ai_Curated", types, &canon) == ST_OK, "mixed case is accepted");
	reset();
	ok(valid_enum(&r, "t", "smarter", types, &canon) == ST_INVALID, "an unknown value fails");
	ok(strstr(r.fail_detail, "manual, smart, ai_curated") != NULL, "and the detail lists the values");
}

/* the predicates of callers without a request (the listener) */
static void
test_predicates(void)
{
	ok(valid_is_enum("CoVeR", display_fits) != NULL &&
	    strcmp(valid_is_enum("CoVeR", display_fits), "cover") == 0,
	    "valid_is_enum gives the canonical lowercase entry");
	ok(valid_is_enum("stretch", display_fits) == NULL, "valid_is_enum: an unknown value is NULL");
	ok(valid_is_enum("", display_fits) == NULL, "valid_is_enum: an empty value is NULL");
	ok(valid_is_enum(NULL, display_fits) == NULL, "valid_is_enum: a NULL value is NULL");
	{
		static const char *const cases[] = { "8192", "1.0", "1e3", "-0" };
		static const char *const bad[] = { "1.5", "\"100\"", "true", "null", "[1]", "1e400" };
		double	 d;
		size_t	 i;

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			cJSON	*it = cJSON_Parse(cases[i]);

			ok(valid_is_int(it, &d), "valid_is_int: %s is an integer", cases[i]);
			cJSON_Delete(it);
		}
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			cJSON	*it = cJSON_Parse(bad[i]);

			ok(!valid_is_int(it, &d), "valid_is_int: %s is not an integer", bad[i]);
			cJSON_Delete(it);
		}
		ok(!valid_is_int(NULL, &d), "valid_is_int: NULL is not an integer");
	}
}

/* HH:MM */
static void
test_hhmm(void)
{
	int	 m;

	reset();
	ok(valid_hhmm(&r, "t", "00:00", &m) == ST_OK && m == 0, "00:00 is minute 0");
	ok(valid_hhmm(&r, "t", "23:59", &m) == ST_OK && m == 1439, "23:59 is minute 1439");
	ok(valid_hhmm(&r, "t", "24:00", &m) == ST_INVALID, "24:00 fails");
	ok(valid_hhmm(&r, "t", "12:60", &m) == ST_INVALID, "12:60 fails");
	ok(valid_hhmm(&r, "t", "7:30", &m) == ST_INVALID, "7:30 (one digit) fails");
	ok(valid_hhmm(&r, "t", "07:30:00", &m) == ST_INVALID, "seconds fail");
}

/* RFC 3339 */
static void
test_rfc3339(void)
{
	ok(valid_time(&r, "t", "2025-12-11T12:00:00Z", false) == ST_OK, "Z timestamp passes");
	ok(valid_time(&r, "t", "2025-12-11T12:00:00.123+02:00", false) == ST_OK, "offset and fraction pass");
	ok(valid_time(&r, "t", "2025-12-11", false) == ST_INVALID, "a bare date is not a timestamp");
	ok(valid_time(&r, "t", "2025-12-11", true) == ST_OK, "a bare date passes where allowed");
	ok(valid_time(&r, "t", "2025-02-30", true) == ST_INVALID, "February 30 fails");
	ok(valid_time(&r, "t", "2024-02-29", true) == ST_OK, "February 29 of a leap year passes");
	ok(valid_time(&r, "t", "2025-12-11T25:00:00Z", false) == ST_INVALID, "hour 25 fails");
	ok(valid_time(&r, "t", "2025-12-11T12:00:00", false) == ST_INVALID, "a timestamp without zone fails");
	ok(valid_time(&r, "t", "yesterday", true) == ST_INVALID, "words fail");
}

int
main(void)
{
	reset();
	test_subjects();
	test_ids();
	test_text();
	test_utf8();
	test_strings();
	test_numbers();
	test_id_arrays();
	test_enums();
	test_predicates();
	test_hhmm();
	test_rfc3339();

	arena_free(r.arena);
	return done_testing();
}
