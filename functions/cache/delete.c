/* delete.c: DELETE /cache/{id} and POST /cache/frame/{id}/evict?keep=N:
 * the rows go (their queued jobs with them), then their files. */
#include <string.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "cachefile.h"
#include "db.h"
#include "req.h"
#include "resp.h"
#include "valid.h"

#include "cache.h"

#define KEEP_MAX	1000000

static const char sql_delete[] =
    "DELETE FROM photo_cache WHERE cache_id = $1 AND ($2::text IS NULL OR user_id = $2)"
    " RETURNING user_id, frame_id, cache_id";

int
cache_delete(struct req *r)
{
	const char	*id = req_param(r, "cache_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_execv(sql_delete, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (PQntuples(res) == 0) {
		rc = req_fail(r, ST_NOT_FOUND, NULL, "cache entry not found");
		goto cleanup;
	}
	/* After the commit: a failed unlink leaves a file, never a dangling row. */
	cachefile_remove_rows(res, 0);
	rc = resp_empty(r, 204);
cleanup:
	PQclear(res);
	return rc;
}

/* The LRU rule is media_cache_evict (sql/021), shared with the download
 * worker's quota. */
static const char sql_evict[] =
    "SELECT user_id, frame_id, cache_id FROM media_cache_evict($1, $2, $3::bigint, NULL)"
    " ORDER BY ord";

int
cache_evict(struct req *r)
{
	const char	*frame = req_param(r, "frame_id");
	char		 keep_s[24];
	long long	 keep;
	cJSON		*out = NULL, *ids;
	PGresult	*res = NULL;
	int		 rc, i;

	/* Validate: keep is required; a missing one must not evict everything. */
	if (req_query(r, "keep") == NULL) {
		rc = req_fail(r, ST_INVALID, "keep", "keep is required (entries to keep)");
		goto cleanup;
	}
	if ((rc = valid_query_int(r, "keep", 0, KEEP_MAX, 0, &keep)) != ST_OK)
		goto cleanup;
	snprintf(keep_s, sizeof(keep_s), "%lld", keep);

	/* Act. */
	res = db_execv(sql_evict, 3, r->user_id, frame, keep_s);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	cachefile_remove_rows(res, 0);

	/* Respond. */
	if ((out = cJSON_CreateObject()) == NULL ||
	    (ids = cJSON_AddArrayToObject(out, "evicted")) == NULL) {
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < PQntuples(res); i++) {
		if (!cJSON_AddItemToArray(ids, cJSON_CreateString(PQgetvalue(res, i, 2)))) {
			rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
			goto cleanup;
		}
	}
	rc = resp_cjson(r, 200, out);
cleanup:
	cJSON_Delete(out);
	PQclear(res);
	return rc;
}
