/* get.c: GET /cache/{id}, PUT /cache/{id}/hit and GET /cache/frame/{frame_id}
 * (by status). */
#include <stdio.h>

#include <libpq-fe.h>

#include "db.h"
#include "listpage.h"
#include "resp.h"
#include "req.h"
#include "valid.h"

#include "cache.h"

static const char *const statuses[] = { "cached", "pending", "downloading", "failed",
    "expired", "all", NULL };

/* Run sql ($1 the cache_id of the path, $2 the caller's user_id) and send
 * the entry it returns. */
static int
entry(struct req *r, const char *sql)
{
	const char	*id = req_param(r, "cache_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_rowsv(sql, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rc = resp_object(r, res, 200, "cache entry", NULL);
cleanup:
	PQclear(res);
	return rc;
}

/* Another user's entry is absent, like a missing one (404, not 403).
 * user_id is NULL only for X-Internal-Call. */
static const char sql_get[] =
    "SELECT e.* FROM photo_cache c, media_cache_entry(c) e"
    " WHERE c.cache_id = $1 AND ($2::text IS NULL OR c.user_id = $2)";

int
cache_get(struct req *r)
{
	return entry(r, sql_get);
}

/* A frame showed the entry; LRU eviction reads last_accessed_at. */
static const char sql_hit[] =
    "WITH h AS (UPDATE photo_cache c SET hit_count = c.hit_count + 1, last_accessed_at = now()"
    " WHERE c.cache_id = $1 AND ($2::text IS NULL OR c.user_id = $2)"
    " RETURNING c)"
    "SELECT e.* FROM h, media_cache_entry(h.c) e";

int
cache_hit(struct req *r)
{
	return entry(r, sql_hit);
}

/* The status is the one the API shows: cached past expires_at is expired.
 * One page, newest first, and the total when the page does not tell it
 * (list_page). */
static const char sql_list[] =
    "SELECT x.* FROM photo_cache c, media_cache_entry(c) x"
    " WHERE c.frame_id = $1 AND ($2::text IS NULL OR c.user_id = $2)"
    " AND ($3 = 'all' OR media_cache_status(c) = $3)"
    " ORDER BY c.created_at DESC, c.cache_id LIMIT $4 OFFSET $5";

static const char sql_count[] =
    "SELECT count(*) FROM photo_cache c"
    " WHERE c.frame_id = $1 AND ($2::text IS NULL OR c.user_id = $2)"
    " AND ($3 = 'all' OR media_cache_status(c) = $3)";

int
cache_list(struct req *r)
{
	const char	*frame = req_param(r, "frame_id"), *status;
	struct page	 page;
	int		 rc;

	if ((rc = valid_enum(r, "status", req_query(r, "status"), statuses, &status)) != ST_OK ||
	    (rc = valid_page(r, &page)) != ST_OK)
		return rc;
	if (status == NULL)
		status = "cached";
	return list_page(r, sql_list, sql_count, 3,
	    (const char *const[]){ frame, r->user_id, status }, &page, NULL);
}
