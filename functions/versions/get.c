/* get.c: GET /photos/{photo_id}/versions (newest first, paginated) and
 * GET /photos/{photo_id}/versions/{version_id}. */
#include <stdio.h>

#include <libpq-fe.h>

#include "db.h"
#include "listpage.h"
#include "req.h"
#include "resp.h"
#include "valid.h"

#include "versions.h"

/* One page, newest first, and the total when the page does not tell it
 * (list_page). The caller's photo only: a photo of another user with the
 * same id is another photo (sql/051), so it reads as one without
 * versions, [] (contract §2: exactly as absent). */
static const char sql_list[] =
    "SELECT * FROM photo_versions WHERE user_id = $2 AND photo_id = $1"
    " ORDER BY version_number DESC LIMIT $3 OFFSET $4";

static const char sql_count[] =
    "SELECT count(*) FROM photo_versions WHERE user_id = $2 AND photo_id = $1";

int
versions_list(struct req *r)
{
	const char	*photo = req_param(r, "photo_id");
	struct page	 page;
	int		 rc;

	if ((rc = valid_page(r, &page)) != ST_OK)
		return rc;
	return list_page(r, sql_list, sql_count, 2, (const char *const[]){ photo, r->user_id },
	    &page, NULL);
}

/* Another user's version is absent, like a missing one (404, not 403). */
static const char sql_get[] =
    "SELECT v.* FROM photo_versions v"
    " WHERE v.version_id = $1 AND v.photo_id = $2 AND v.user_id = $3";

int
versions_get(struct req *r)
{
	const char	*photo = req_param(r, "photo_id"), *id = req_param(r, "version_id");
	PGresult	*res;
	int		 rc;

	res = db_rowsv(sql_get, 3, id, photo, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK)
		rc = versions_reply(r, res, 200);
	PQclear(res);
	return rc;
}
