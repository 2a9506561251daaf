/* criteria.c: validation of smart criteria (contract §3.2). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "criteria.h"
#include "req.h"
#include "timefmt.h"
#include "utf8.h"
#include "valid.h"

#define CRIT_LIST_MAX	100	/* labels in one criterion */
#define CRIT_LABEL_MAX	100	/* characters in one label */

enum kind {
	K_LABELS,	/* array of label strings */
	K_UNIT,		/* number 0..1 */
	K_TEXT,		/* non-empty string */
	K_DATE_RANGE,	/* {start_date, end_date} */
	K_ORIENTATION,	/* landscape | portrait | square */
	K_BOOL,
	K_ON_THIS_DAY,	/* true | {window_days: 0..7} */
	K_YEARS,	/* integer 1..100 */
	K_DAYS		/* integer 1..3650 */
};

static const struct {
	const char	*key;
	enum kind	 kind;
} keys[] = {
	{ "ai_labels_contains", K_LABELS },
	{ "ai_scenes_contains", K_LABELS },
	{ "ai_objects_contains", K_LABELS },
	{ "ai_labels_any", K_LABELS },
	{ "ai_scenes_any", K_LABELS },
	{ "quality_score_min", K_UNIT },
	{ "location_contains", K_TEXT },
	{ "date_range", K_DATE_RANGE },
	{ "camera_make", K_TEXT },
	{ "orientation", K_ORIENTATION },
	{ "has_faces", K_BOOL },
	{ "exclude_labels", K_LABELS },
	{ "on_this_day", K_ON_THIS_DAY },
	{ "years_ago", K_YEARS },
	{ "taken_within_days", K_DAYS },
};

static const char *const orientations[] = { "landscape", "portrait", "square", NULL };

static int
unknown_key(struct req *r, const char *field, const char *key, const char *const *extra)
{
	char	 list[1024] = "";
	size_t	 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (i > 0)
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, keys[i].key, sizeof(list) - strlen(list) - 1);
	}
	for (i = 0; extra != NULL && extra[i] != NULL; i++) {
		strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, extra[i], sizeof(list) - strlen(list) - 1);
	}
	/* The key's first 100 bytes, cut between characters: a detail that
	 * is not UTF-8 would make the whole error body invalid JSON text. */
	return req_fail(r, ST_INVALID, field,
	    "unsupported criteria key '%.*s'; supported keys: %s",
	    (int)utf8_prefix(key, 100), key, list);
}

static bool
is_date_or_time(const char *s)
{
	time_t	 t;

	return timefmt_is_date(s) || timefmt_parse_rfc3339(s, &t);
}

static int
check_date_range(struct req *r, const cJSON *v)
{
	const cJSON	*it;
	const char	*start = NULL, *end = NULL;

	if (!cJSON_IsObject(v))
		return req_fail(r, ST_INVALID, "date_range",
		    "date_range must be an object with start_date and/or end_date");
	cJSON_ArrayForEach(it, v) {
		bool is_start = strcmp(it->string, "start_date") == 0;

		if (!is_start && strcmp(it->string, "end_date") != 0)
			return req_fail(r, ST_INVALID, "date_range",
			    "unsupported date_range key '%.*s'; supported keys: start_date, end_date",
			    (int)utf8_prefix(it->string, 100), it->string);
		if (cJSON_IsNull(it))
			continue;
		if (!cJSON_IsString(it) || !is_date_or_time(it->valuestring))
			return req_fail(r, ST_INVALID, "date_range",
			    "date_range.%s must be a date (YYYY-MM-DD) or an RFC 3339 timestamp",
			    it->string);
		*(is_start ? &start : &end) = it->valuestring;
	}
	/* Same-format bounds compare as text; mixed formats are left to SQL. */
	if (start != NULL && end != NULL && strlen(start) == strlen(end) &&
	    strlen(start) == 10 && strcmp(start, end) > 0)
		return req_fail(r, ST_INVALID, "date_range",
		    "date_range.start_date is after end_date");
	return ST_OK;
}

/* An integer min..max (1, 1.0 and 1e2 are integers; stored as printed). */
static int
check_int(struct req *r, const char *key, const cJSON *v, int min, int max)
{
	double	 d;

	if (!valid_is_int(v, &d) || d < min || d > max)
		return req_fail(r, ST_INVALID, key, "%s must be an integer from %d to %d",
		    key, min, max);
	return ST_OK;
}

/* on_this_day: true, or an object whose only key is window_days 0..7.
 * false is refused rather than read as "absent": leave the key out. */
static int
check_on_this_day(struct req *r, const cJSON *v)
{
	const cJSON	*it;
	double		 d;

	if (cJSON_IsTrue(v))
		return ST_OK;
	if (!cJSON_IsObject(v) || cJSON_GetArraySize(v) != 1 ||
	    (it = cJSON_GetObjectItemCaseSensitive(v, "window_days")) == NULL)
		return req_fail(r, ST_INVALID, "on_this_day",
		    "on_this_day must be true or {\"window_days\": 0-7}");
	if (!valid_is_int(it, &d) || d < 0 || d > 7)
		return req_fail(r, ST_INVALID, "on_this_day",
		    "on_this_day.window_days must be an integer from 0 to 7");
	return ST_OK;
}

static int
check_value(struct req *r, const char *key, enum kind kind, cJSON *v)
{
	const char	*canon;
	size_t		 n;
	int		 rc;

	switch (kind) {
	case K_LABELS:
		return valid_str_array(r, key, v, CRIT_LIST_MAX, CRIT_LABEL_MAX);
	case K_UNIT:
		if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 1))
			return req_fail(r, ST_INVALID, key, "%s must be a number from 0 to 1", key);
		return ST_OK;
	case K_TEXT:
		if (!cJSON_IsString(v) || !valid_is_text(v->valuestring, &n) ||
		    n < 1 || n > 255)
			return req_fail(r, ST_INVALID, key, "%s must be a string of 1-255 characters", key);
		return ST_OK;
	case K_DATE_RANGE:
		return check_date_range(r, v);
	case K_ORIENTATION:
		if (!cJSON_IsString(v))
			return req_fail(r, ST_INVALID, key,
			    "orientation must be one of: landscape, portrait, square");
		if ((rc = valid_enum(r, key, v->valuestring, orientations, &canon)) != ST_OK)
			return rc;
		/* Store the canonical spelling (enums are lowercase on the wire). */
		return cJSON_SetValuestring(v, canon) != NULL ? ST_OK :
		    req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	case K_BOOL:
		if (!cJSON_IsBool(v))
			return req_fail(r, ST_INVALID, key, "%s must be true or false", key);
		return ST_OK;
	case K_ON_THIS_DAY:
		return check_on_this_day(r, v);
	case K_YEARS:
		return check_int(r, key, v, 1, 100);
	case K_DAYS:
		return check_int(r, key, v, 1, 3650);
	}
	return req_fail(r, ST_INTERNAL, NULL, "unknown criteria kind");
}

int
criteria_validate(struct req *r, const char *field, cJSON *c, const char *const *extra)
{
	cJSON	*it;
	size_t	 i;
	int	 rc;

	if (!cJSON_IsObject(c))
		return req_fail(r, ST_INVALID, field, "%s must be an object", field);
	cJSON_ArrayForEach(it, c) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(it->string, keys[i].key) == 0)
				break;
		if (i < sizeof(keys) / sizeof(keys[0])) {
			if ((rc = check_value(r, keys[i].key, keys[i].kind, it)) != ST_OK)
				return rc;
			continue;
		}
		for (i = 0; extra != NULL && extra[i] != NULL; i++)
			if (strcmp(it->string, extra[i]) == 0)
				break;
		if (extra == NULL || extra[i] == NULL)
			return unknown_key(r, field, it->string, extra);
	}
	return ST_OK;
}
