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

/* The ids, best first, by media_best_first (sql/functions/20_metadata.sql):
 * it runs the criteria with their values known to the planner, so absent
 * keys fold away and what remains uses the GIN indexes and the (user_id,
 * quality_score, photo_taken_at, file_id) index, whose order is the one
 * photo order. "count" is the number of ids in this page. $5 is today in
 * the query's zone. */
static const char sql_query[] =
    "SELECT json_build_object('photo_ids', a, 'count', cardinality(a))"
    " FROM media_best_first($1::text, $2::jsonb, $5::date, $3::bigint, $4::bigint) a";

int
metadata_query(struct req *r)
{
	char		 limit_s[24], offset_s[24], *criteria;
	const char	*tz, *today;
	long long	 limit = QUERY_LIMIT_DEFAULT, offset = 0;
	bool		 has;
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

	res = db_execv(sql_query, 5, r->user_id, criteria,
	    limit_s, offset_s, today);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rc = resp_json(r, 200, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
cleanup:
	PQclear(res);
	return rc;
}
