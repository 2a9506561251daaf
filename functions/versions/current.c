/* current.c: PUT /photos/{photo_id}/versions/{version_id}/current: make a
 * version the current one; every other becomes not current (BR-M001). */
#include <libpq-fe.h>

#include "db.h"
#include "req.h"

#include "versions.h"

/* updated_at moves only when the flag does. */
static const char sql_set[] =
    "UPDATE photo_versions v SET is_current = true,"
    " updated_at = CASE WHEN v.is_current THEN v.updated_at ELSE now() END"
    " WHERE v.version_id = $1 AND v.photo_id = $2 AND v.user_id = $3"
    " RETURNING v.*";

int
versions_set_current(struct req *r)
{
	const char	*photo = req_param(r, "photo_id"), *id = req_param(r, "version_id");
	PGresult	*res = NULL;
	int		 rc;

	/* Clear the others first: the partial unique index allows one
	 * current version at any moment. A missing version rolls it back. */
	if ((rc = versions_begin(r, photo)) == ST_OK &&
	    (rc = versions_clear_current(r, photo, id)) == ST_OK) {
		res = db_rowsv(sql_set, 3, id, photo, r->user_id);
		if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK && PQntuples(res) != 1)
			rc = req_fail(r, ST_NOT_FOUND, NULL, "version not found");
	}
	if ((rc = db_finish(r, rc)) == ST_OK)
		rc = versions_reply(r, res, 200);
	PQclear(res);
	return rc;
}
