/* delete.c: DELETE /schedules/{id}: 204; the event comes from the trigger.
 * The frame's cache entries stay: LRU eviction reclaims them (EC-M005). */
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "req.h"
#include "resp.h"

#include "schedules.h"

static const char sql_delete[] =
    "DELETE FROM rotation_schedules WHERE schedule_id = $1 AND ($2::text IS NULL OR user_id = $2)";

int
schedules_delete(struct req *r)
{
	const char	*id = req_param(r, "schedule_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_execv(sql_delete, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_COMMAND_OK)) != ST_OK)
		goto cleanup;
	if (strcmp(PQcmdTuples(res), "0") == 0)
		rc = req_fail(r, ST_NOT_FOUND, NULL, "schedule not found");
	else
		rc = resp_empty(r, 204);
cleanup:
	PQclear(res);
	return rc;
}
