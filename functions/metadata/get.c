/* get.c: GET /metadata/{file_id}: the whole row. */
#include <libpq-fe.h>

#include "db.h"
#include "req.h"
#include "resp.h"

#include "metadata.h"

/* Another user's photo is absent, like a missing one (404, not 403). */
static const char sql_get[] =
    "SELECT media_metadata_json(m) FROM photo_metadata m"
    " WHERE m.user_id = $2 AND m.file_id = $1";

int
metadata_get(struct req *r)
{
	const char	*id = req_param(r, "file_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_execv(sql_get, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (PQntuples(res) != 1)
		rc = req_fail(r, ST_NOT_FOUND, NULL, "metadata not found");
	else
		rc = resp_json(r, 200, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
cleanup:
	PQclear(res);
	return rc;
}
