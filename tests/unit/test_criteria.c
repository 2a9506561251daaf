/* test_criteria.c: smart criteria validation (contract §3.2, BR-M005). */
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "criteria.h"
#include "req.h"
#include "valid.h"
#include "fixture.h"
#include "tap.h"

static int
check(const char *json, const char *const *extra)
{
	cJSON	*c = cJSON_Parse(json);
	int	 rc;

	reset();
	rc = criteria_validate(&r, "smart_criteria", c, extra);
	cJSON_Delete(c);
	return rc;
}

/* The supported keys, and the detail that names an unknown one. */
static void
test_keys(void)
{
	ok(check("{}", NULL) == ST_OK, "empty criteria are valid");
	ok(check("{\"ai_labels_contains\":[\"beach\",\"sunset\"],\"ai_scenes_contains\":[\"outdoor\"],"
	    "\"ai_objects_contains\":[\"dog\"],\"ai_labels_any\":[\"a\"],\"ai_scenes_any\":[\"b\"],"
	    "\"quality_score_min\":0.7,\"location_contains\":\"paris\",\"camera_make\":\"Canon\","
	    "\"date_range\":{\"start_date\":\"2024-01-01\",\"end_date\":\"2024-12-31T23:00:00Z\"},"
	    "\"orientation\":\"landscape\",\"has_faces\":true,\"exclude_labels\":[\"text\"]}", NULL) == ST_OK,
	    "every supported key together is valid");
	ok(check("{\"color\":\"red\"}", NULL) == ST_INVALID, "an unknown key is refused (BR-M005)");
	ok(strstr(r.fail_detail, "ai_labels_contains") != NULL && strstr(r.fail_detail, "exclude_labels") != NULL,
	    "and the detail lists the supported keys");
	ok(strstr(r.fail_detail, "'color'") != NULL, "and names the unknown key");
	{
		/* 51 two-byte characters: byte 100 is in the middle of one. */
		char	 json[256] = "{\"x";
		size_t	 i;

		for (i = 0; i < 51; i++)
			strcat(json, "\xc3\xa9");
		strcat(json, "\":1}");
		ok(check(json, NULL) == ST_INVALID, "a long unknown key is refused");
		ok(valid_is_text(r.fail_detail, NULL), "and the detail naming it is valid UTF-8 (issue 10, 11)");
		ok(strstr(r.fail_detail, "'x\xc3\xa9") != NULL, "and starts the key");
		snprintf(json, sizeof(json), "{\"date_range\":{\"x");
		for (i = 0; i < 51; i++)
			strcat(json, "\xc3\xa9");
		strcat(json, "\":1}}");
		ok(check(json, NULL) == ST_INVALID, "a long unknown date_range key is refused");
		ok(valid_is_text(r.fail_detail, NULL), "and its detail is valid UTF-8 too");
	}
}

/* The type and range of each key's value. */
static void
test_values(void)
{
	static const char *const extra[] = { "max_photos", NULL };

	ok(check("{\"max_photos\":5}", NULL) == ST_INVALID, "max_photos is unknown to smart criteria");
	ok(check("{\"max_photos\":5}", extra) == ST_OK, "and allowed where the caller says");
	ok(check("{\"ai_labels_contains\":\"beach\"}", NULL) == ST_INVALID, "a string for a label list fails");
	ok(check("{\"ai_labels_contains\":[1]}", NULL) == ST_INVALID, "a number in a label list fails");
	ok(check("{\"ai_labels_contains\":[\"\"]}", NULL) == ST_INVALID, "an empty label fails");
	ok(check("{\"quality_score_min\":1.5}", NULL) == ST_INVALID, "quality_score_min above 1 fails");
	ok(check("{\"quality_score_min\":\"0.5\"}", NULL) == ST_INVALID, "quality_score_min as a string fails");
	ok(check("{\"has_faces\":\"yes\"}", NULL) == ST_INVALID, "has_faces must be a boolean");
	ok(check("{\"orientation\":\"diagonal\"}", NULL) == ST_INVALID, "an unknown orientation fails");
	ok(check("{\"date_range\":{\"start_date\":\"2024-13-01\"}}", NULL) == ST_INVALID, "a bad date fails");
	ok(check("{\"date_range\":{\"from\":\"2024-01-01\"}}", NULL) == ST_INVALID, "an unknown date_range key fails");
	ok(check("{\"date_range\":{\"start_date\":\"2024-02-01\",\"end_date\":\"2024-01-01\"}}", NULL) == ST_INVALID,
	    "a start after the end fails");
	ok(check("{\"date_range\":\"2024\"}", NULL) == ST_INVALID, "date_range must be an object");
	ok(check("{\"location_contains\":\"\"}", NULL) == ST_INVALID, "an empty location fails");
	ok(check("{\"camera_make\":null}", NULL) == ST_INVALID, "a null criterion fails");
	ok(check("[]", NULL) == ST_INVALID, "criteria must be an object");
}

/* Calendar keys (issue 13): edges of each range. */
static void
test_calendar(void)
{
	ok(check("{\"on_this_day\":true}", NULL) == ST_OK, "on_this_day true is valid");
	ok(check("{\"on_this_day\":{\"window_days\":0}}", NULL) == ST_OK, "window_days 0 is valid");
	ok(check("{\"on_this_day\":{\"window_days\":7}}", NULL) == ST_OK, "window_days 7 is valid");
	ok(check("{\"on_this_day\":{\"window_days\":8}}", NULL) == ST_INVALID, "window_days 8 fails");
	ok(check("{\"on_this_day\":{\"window_days\":-1}}", NULL) == ST_INVALID, "window_days -1 fails");
	ok(check("{\"on_this_day\":{\"window_days\":0.5}}", NULL) == ST_INVALID, "window_days 0.5 fails");
	ok(check("{\"on_this_day\":{}}", NULL) == ST_INVALID, "on_this_day {} fails");
	ok(check("{\"on_this_day\":false}", NULL) == ST_INVALID, "on_this_day false fails");
	ok(check("{\"on_this_day\":null}", NULL) == ST_INVALID, "on_this_day null fails");
	ok(check("{\"years_ago\":1}", NULL) == ST_OK, "years_ago 1 is valid");
	ok(check("{\"years_ago\":100}", NULL) == ST_OK, "years_ago 100 is valid");
	ok(check("{\"years_ago\":0}", NULL) == ST_INVALID, "years_ago 0 fails");
	ok(check("{\"years_ago\":101}", NULL) == ST_INVALID, "years_ago 101 fails");
	ok(check("{\"years_ago\":1e300}", NULL) == ST_INVALID, "years_ago 1e300 fails");
	ok(check("{\"taken_within_days\":1}", NULL) == ST_OK, "taken_within_days 1 is valid");
	ok(check("{\"taken_within_days\":3650}", NULL) == ST_OK, "taken_within_days 3650 is valid");
	ok(check("{\"taken_within_days\":0}", NULL) == ST_INVALID, "taken_within_days 0 fails");
	ok(check("{\"taken_within_days\":3651}", NULL) == ST_INVALID, "taken_within_days 3651 fails");
	ok(check("{\"taken_within_days\":\"7\"}", NULL) == ST_INVALID, "taken_within_days as a string fails");
	ok(check("{\"colour\":1}", NULL) == ST_INVALID && strstr(r.fail_detail, "taken_within_days") != NULL,
	    "the unknown-key detail lists the calendar keys");
}

/* Keys a caller allows (max_photos, paging); an enum stored lowercase. */
static void
test_caller_keys(void)
{
	static const char *const paging[] = { "limit", "offset", NULL };
	cJSON	*c;

	ok(check("{\"limit\":5,\"offset\":0,\"has_faces\":false}", paging) == ST_OK,
	    "the metadata query's limit and offset are allowed where the caller says");
	ok(strstr((check("{\"sort\":1}", paging), r.fail_detail), "limit, offset") != NULL,
	    "and are listed among the supported keys");

	c = cJSON_Parse("{\"orientation\":\"PORTRAIT\"}");
	ok(criteria_validate(&r, "smart_criteria", c, NULL) == ST_OK, "PORTRAIT is accepted");
	is_str(cJSON_GetObjectItem(c, "orientation")->valuestring, "portrait", "and stored lowercase");
	cJSON_Delete(c);
}

int
main(void)
{
	reset();
	test_keys();
	test_values();
	test_calendar();
	test_caller_keys();

	arena_free(r.arena);
	return done_testing();
}
