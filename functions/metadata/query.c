/* query.c: POST /metadata/query: the user's photos matching the criteria
 * (BR-M005, BR-M006), best first, paginated. */
#include <stdio.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "criteria.h"
#include "db.h"
#include "jsontext.h"
#include "req.h"
#include "resp.h"
#include "tz.h"
#include "valid.h"

#include "metadata.h"

#define QUERY_LIMIT_DEFAULT	100
#define QUERY_LIMIT_MAX		1000

static const char *const extra_keys[] = { "limit", "offset", "timezone", NULL };

/* The criteria travel as a parameter and media_criteria_match() is inlined
 * into this statement, so the planner sees their value: absent keys fold
 * away and what remains uses the GIN indexes and the (user_id,
 * quality_score, photo_taken_at, file_id) index, whose order is this ORDER
 * BY. Do not move the call into a non-inlinable function. "count" is the
 * number of ids in this page. $5 is today in the query's zone, a constant
 * to the planner. OFFSET 0 keeps the ARRAY a single subquery (pulled up,
 * it would run once per reference to a). */
static const char sql_query[] =
    "SELECT json_build_object('photo_ids', a, 'count', cardinality(a)) FROM"
    " (SELECT ARRAY(SELECT m.file_id FROM photo_metadata m"
    "   WHERE ($1::text IS NULL OR m.user_id = $1) AND media_criteria_match(m, $2::jsonb, $5::date)"
    "   ORDER BY m.quality_score DESC NULLS LAST, m.photo_taken_at DESC, m.file_id"
    "   LIMIT $3 OFFSET $4) AS a OFFSET 0) s";

/* on_this_day / years_ago (issue 13): the same, but the matches are found
 * first (the inner OFFSET 0 is a fence) through the month-day index, a few
 * hundred rows a day even among 100,000 photos, and then sorted. Without
 * the fence the planner walks the quality index in ORDER BY order and
 * tests the month-day of each photo until it has a page: ~2x slower. */
static const char sql_query_calendar[] =
    "SELECT json_build_object('photo_ids', a, 'count', cardinality(a)) FROM"
    " (SELECT ARRAY(SELECT c.file_id FROM"
    "   (SELECT m.file_id, m.quality_score, m.photo_taken_at FROM photo_metadata m"
    "    WHERE ($1::text IS NULL OR m.user_id = $1)"
    "     AND media_criteria_match(m, $2::jsonb, $5::date) OFFSET 0) c"
    "   ORDER BY c.quality_score DESC NULLS LAST, c.photo_taken_at DESC, c.file_id"
    "   LIMIT $3 OFFSET $4) AS a OFFSET 0) s";

int
metadata_query(struct req *r)
{
	char		 limit_s[24], offset_s[24], *criteria;
	const char	*tz, *today;
	long long	 limit = QUERY_LIMIT_DEFAULT, offset = 0;
	bool		 has, calendar;
	PGresult	*res = NULL;
	int		 rc;

	/* Validate: the body is the criteria plus limit, offset and timezone
	 * (today's zone, issue 13; default UTC); unknown keys are a 400
	 * listing the supported ones (BR-M005). The zone is checked last: it
	 * is the one check that asks PostgreSQL, which also says today's date. */
	if ((rc = criteria_validate(r, "criteria", r->body, extra_keys)) != ST_OK ||
	    (rc = valid_int(r, r->body, "limit", 1, QUERY_LIMIT_MAX, &limit, &has)) != ST_OK ||
	    (rc = valid_int(r, r->body, "offset", 0, 1000000000, &offset, &has)) != ST_OK ||
	    (rc = valid_str(r, r->body, "timezone", 1, TZ_NAME_MAX + 1, false, &tz)) != ST_OK ||
	    (rc = tz_check(r, "timezone", tz != NULL ? tz : "UTC", &today)) != ST_OK ||
	    (rc = jsontext(r, r->body, &criteria)) != ST_OK)
		goto cleanup;
	snprintf(limit_s, sizeof(limit_s), "%lld", limit);
	snprintf(offset_s, sizeof(offset_s), "%lld", offset);

	calendar = cJSON_GetObjectItemCaseSensitive(r->body, "on_this_day") != NULL ||
	    cJSON_GetObjectItemCaseSensitive(r->body, "years_ago") != NULL;
	res = db_execv(calendar ? sql_query_calendar : sql_query, 5, r->user_id, criteria,
	    limit_s, offset_s, today);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rc = resp_json(r, 200, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
cleanup:
	PQclear(res);
	return rc;
}
