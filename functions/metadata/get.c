/* get.c: GET /metadata/{file_id}: the whole row. */
#include <libpq-fe.h>

#include "db.h"
#include "resp.h"
#include "req.h"
#include "valid.h"

#include "metadata.h"

/* Another user's photo is absent, like a missing one (404, not 403). */
static const char sql_get[] =
    "SELECT m.* FROM photo_metadata m"
    " WHERE m.user_id = $2 AND m.file_id = $1";

int
metadata_get(struct req *r)
{
	const char	*id = req_param(r, "file_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_rowsv(sql_get, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rc = resp_object(r, res, 200, "metadata", NULL);
cleanup:
	PQclear(res);
	return rc;
}
