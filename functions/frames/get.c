/* get.c: GET /frames/{frame_id} and GET /frames (the user's frames,
 * newest first, paginated). */
#include <libpq-fe.h>

#include <cjson/cJSON.h>

#include "db.h"
#include "req.h"
#include "resp.h"
#include "valid.h"

#include "frames.h"

/* The key is (user_id, frame_id): another user's frame of the same id is
 * simply not this user's, a 404 like a missing one (contract §2). */
static const char sql_get[] =
    "SELECT frame_id, user_id, name, display_width, display_height, fit, pair_portraits,"
    " media_ts(created_at), media_ts(updated_at)"
    " FROM frames WHERE user_id = $1 AND frame_id = $2";

int
frames_get(struct req *r)
{
	const char	*frame = req_param(r, "frame_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_execv(sql_get, 2, r->user_id, frame);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK)
		rc = frame_reply(r, res, 200);
	PQclear(res);
	return rc;
}

/* The total and one page in one round trip: the count's row is always
 * there (an empty page gives one row with a NULL frame_id). Newest first,
 * then by frame_id, as the index (sql/041) holds them. */
static const char sql_list[] =
    "SELECT t.n, f.frame_id, f.user_id, f.name, f.display_width, f.display_height, f.fit,"
    " f.pair_portraits, media_ts(f.created_at), media_ts(f.updated_at)"
    " FROM (SELECT count(*) AS n FROM frames WHERE user_id = $1) t"
    " LEFT JOIN LATERAL (SELECT * FROM frames WHERE user_id = $1"
    "   ORDER BY created_at DESC, frame_id LIMIT $2 OFFSET $3) f ON true"
    " ORDER BY f.created_at DESC, f.frame_id";

int
frames_list(struct req *r)
{
	struct page	 page;
	cJSON		*list = NULL, *o;
	PGresult	*res = NULL;
	int		 rc, i;

	/* Validate. */
	if ((rc = valid_page(r, &page)) != ST_OK)
		goto cleanup;

	/* Act. */
	res = db_execv(sql_list, 3, r->user_id, page.limit, page.offset);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;

	/* Respond: contract §2, an array and X-Total-Count. */
	if (PQntuples(res) < 1) {
		rc = req_fail(r, ST_INTERNAL, NULL, "the frames page query gave no total");
		goto cleanup;
	}
	if ((list = cJSON_CreateArray()) == NULL) {
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < PQntuples(res); i++) {
		if (PQgetisnull(res, i, 1))
			continue;
		if ((o = frame_json(res, i, 1)) == NULL || !cJSON_AddItemToArray(list, o)) {
			cJSON_Delete(o);
			rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
			goto cleanup;
		}
	}
	if ((rc = resp_header(r, "X-Total-Count", "%s", PQgetvalue(res, 0, 0))) != ST_OK)
		goto cleanup;
	rc = resp_cjson(r, 200, list);
cleanup:
	cJSON_Delete(list);
	PQclear(res);
	return rc;
}
