/* get.c: GET /photos/{photo_id}/versions (newest first, paginated) and
 * GET /photos/{photo_id}/versions/{version_id}. */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "reply.h"
#include "req.h"
#include "resp.h"
#include "valid.h"

#include "versions.h"

/* The total, one page and whether the photo is another user's, in one
 * round trip. user_id is NULL only for X-Internal-Call. */
static const char sql_list[] =
    "SELECT (SELECT count(*) FROM photo_versions"
    "   WHERE photo_id = $1 AND ($2::text IS NULL OR user_id = $2)),"
    " coalesce((SELECT json_agg(s.j ORDER BY s.version_number DESC) FROM"
    "   (SELECT media_version_json(v) AS j, v.version_number FROM photo_versions v"
    "    WHERE v.photo_id = $1 AND ($2::text IS NULL OR v.user_id = $2)"
    "    ORDER BY v.version_number DESC LIMIT $3 OFFSET $4) s), '[]'),"
    " media_photo_foreign($1, $2::text)";

int
versions_list(struct req *r)
{
	const char	*photo = req_param(r, 0);
	struct page	 page;
	PGresult	*res = NULL;
	int		 rc;

	if ((rc = valid_id(r, "photo_id", photo)) != ST_OK ||
	    (rc = valid_page(r, &page)) != ST_OK)
		goto cleanup;
	res = db_execv(sql_list, 4, photo, r->user_id, page.limit, page.offset);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	/* [] for a photo without versions; 404 for another user's photo. */
	if (strcmp(PQgetvalue(res, 0, 2), "t") == 0) {
		rc = req_fail(r, ST_NOT_FOUND, NULL, "photo not found");
		goto cleanup;
	}
	rc = reply_page(r, res);
cleanup:
	PQclear(res);
	return rc;
}

/* Another user's version is absent, like a missing one (404, not 403). */
static const char sql_get[] =
    "SELECT media_version_json(v) FROM photo_versions v"
    " WHERE v.version_id = $1 AND v.photo_id = $2 AND ($3::text IS NULL OR v.user_id = $3)";

int
versions_get(struct req *r)
{
	const char	*photo, *id;
	PGresult	*res;
	int		 rc;

	if ((rc = versions_path(r, &photo, &id)) != ST_OK)
		return rc;
	res = db_execv(sql_get, 3, id, photo, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK)
		rc = versions_reply(r, res, 200);
	PQclear(res);
	return rc;
}
