/* delete.c: DELETE /frames/{frame_id}: the frame's profile, schedules,
 * cache entries (their jobs by cascade) and cached files go. */
#include <string.h>

#include <libpq-fe.h>

#include "cachefile.h"
#include "db.h"
#include "req.h"
#include "resp.h"

#include "frames.h"

/* media_frame_delete (sql/041), shared with the listener's device.deleted.
 * Row 0 always comes, with a NULL cache_id; frame_existed is column 3. */
static const char sql_delete[] =
    "SELECT user_id, frame_id, cache_id, frame_existed FROM media_frame_delete($1, $2)";

int
frames_delete(struct req *r)
{
	const char	*frame = req_param(r, "frame_id");
	PGresult	*res = NULL;
	int		 rc;

	/* Act: one transaction. No profile is a 404 and rolls back: the API
	 * removes only a frame the user has (device.deleted removes what
	 * there is, profile or not). */
	if ((rc = db_begin(r)) != ST_OK)
		goto cleanup;
	res = db_execv(sql_delete, 2, r->user_id, frame);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK &&
	    (PQntuples(res) < 1 || strcmp(PQgetvalue(res, 0, 3), "t") != 0))
		rc = req_fail(r, ST_NOT_FOUND, NULL, "frame not found");
	if ((rc = db_finish(r, rc)) != ST_OK)
		goto cleanup;

	/* Respond. The files after the commit: a failed unlink leaves a
	 * file (logged), never a row without its file. */
	cachefile_remove_rows(res, 0);
	rc = resp_empty(r, 204);
cleanup:
	PQclear(res);
	return rc;
}
