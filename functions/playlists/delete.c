/* delete.c: DELETE /playlists/{id}: 204. Schedules that point at the
 * playlist stay; they answer 404 for their photos (EC-M004). */
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "req.h"
#include "resp.h"

#include "playlists.h"

static const char sql_delete[] =
    "DELETE FROM playlists WHERE playlist_id = $1 AND ($2::text IS NULL OR user_id = $2)";

int
playlists_delete(struct req *r)
{
	const char	*id = req_param(r, "playlist_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_execv(sql_delete, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_COMMAND_OK)) != ST_OK)
		goto cleanup;
	if (strcmp(PQcmdTuples(res), "0") == 0)
		rc = req_fail(r, ST_NOT_FOUND, NULL, "playlist not found");
	else
		rc = resp_empty(r, 204);
cleanup:
	PQclear(res);
	return rc;
}
