/* delete.c: DELETE /photos/{photo_id}/versions/{version_id}: 204. BR-M002:
 * the original stays; deleting the current version makes the original
 * current again, or the highest remaining one. */
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "req.h"
#include "resp.h"

#include "versions.h"

/* One statement: find the version (no row: 404) and delete it unless it
 * is the original (its media.version.deleted: the photo_versions trigger,
 * sql/functions/80_outbox.sql). It answers the version's type so the
 * caller can tell 404 from 400. */
static const char sql_delete[] =
    "WITH t AS (SELECT version_id, version_type FROM photo_versions"
    "  WHERE version_id = $1 AND photo_id = $2 AND user_id = $3),"
    " d AS (DELETE FROM photo_versions v USING t"
    "  WHERE v.version_id = t.version_id AND t.version_type <> 'original'"
    "  RETURNING v.version_id)"
    "SELECT version_type FROM t";

/* A photo left without a current version gets one: the original, else the
 * highest version_number. A no-op when one is current. */
static const char sql_promote[] =
    "UPDATE photo_versions SET is_current = true, updated_at = now()"
    " WHERE version_id = (SELECT version_id FROM photo_versions"
    "   WHERE user_id = $2 AND photo_id = $1"
    "   ORDER BY version_type = 'original' DESC, version_number DESC LIMIT 1)"
    " AND NOT EXISTS (SELECT 1 FROM photo_versions"
    "   WHERE user_id = $2 AND photo_id = $1 AND is_current)";

static int
delete_version(struct req *r, const char *photo, const char *id)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_delete, 3, id, photo, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (PQntuples(res) != 1)
		rc = req_fail(r, ST_NOT_FOUND, NULL, "version not found");
	else if (strcmp(PQgetvalue(res, 0, 0), "original") == 0)
		rc = req_fail(r, ST_INVALID, "version_id",
		    "the original version cannot be deleted (BR-M002)");
cleanup:
	PQclear(res);
	return rc;
}

int
versions_delete(struct req *r)
{
	const char	*photo = req_param(r, "photo_id"), *id = req_param(r, "version_id");
	PGresult	*res = NULL;
	int		 rc;

	if ((rc = versions_begin(r, photo)) == ST_OK &&
	    (rc = delete_version(r, photo, id)) == ST_OK) {
		res = db_execv(sql_promote, 2, photo, r->user_id);
		rc = db_check(r, res, PGRES_COMMAND_OK);
	}
	if ((rc = db_finish(r, rc)) == ST_OK)
		rc = resp_empty(r, 204);
	PQclear(res);
	return rc;
}
