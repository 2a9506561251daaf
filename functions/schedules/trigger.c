/* trigger.c: POST /schedules/{id}/trigger: an active event_based schedule
 * is in force for its active_minutes (default 60) from now, and its
 * playlist's downloads go first (BR-M008). The listener does the same
 * when the schedule's trigger_event arrives. */
#include <string.h>

#include <libpq-fe.h>

#include "cachefile.h"
#include "db.h"
#include "resp.h"
#include "req.h"

#include "schedules.h"

#define ACTIVE_MINUTES_DEFAULT	"60"

static const char sql_trigger[] =
    "UPDATE rotation_schedules s SET updated_at = now(),"
    " triggered_until = now() + make_interval(mins => coalesce(s.active_minutes, $3::int))"
    " WHERE s.schedule_id = $1 AND ($2::text IS NULL OR s.user_id = $2)"
    " AND s.schedule_type = 'event_based' AND s.is_active"
    " RETURNING s.*, media_schedule_in_force(s, now()) AS in_force";

/* Why did the trigger match no row? Only asked after it did not. */
static const char sql_why[] =
    "SELECT schedule_type, is_active FROM rotation_schedules"
    " WHERE schedule_id = $1 AND ($2::text IS NULL OR user_id = $2)";

static int
explain_miss(struct req *r, const char *id)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_why, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (PQntuples(res) == 0)
		rc = req_fail(r, ST_NOT_FOUND, NULL, "schedule not found");
	else if (strcmp(PQgetvalue(res, 0, 0), "event_based") != 0)
		rc = req_fail(r, ST_INVALID, "schedule_type",
		    "only an event_based schedule can be triggered (this one is %s)",
		    PQgetvalue(res, 0, 0));
	else
		rc = req_fail(r, ST_CONFLICT, "is_active",
		    "the schedule is not active; activate it before triggering it");
cleanup:
	PQclear(res);
	return rc;
}

int
schedules_trigger(struct req *r)
{
	const char	*id = req_param(r, "schedule_id");
	PGresult	*res = NULL, *stale = NULL;
	int		 rc;

	if ((rc = db_begin(r)) != ST_OK)
		goto cleanup;
	res = db_rowsv(sql_trigger, 3, id, r->user_id, ACTIVE_MINUTES_DEFAULT);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK) {
		if (PQntuples(res) == 0)
			rc = explain_miss(r, id);
		else
			rc = schedule_queue(r, id, CACHE_PRIO_SCHEDULE, true, &stale);
	}
	if ((rc = db_finish(r, rc)) != ST_OK)
		goto cleanup;
	cachefile_remove_rows(stale, 0);
	rc = resp_object(r, res, 200, "schedule", NULL);
cleanup:
	PQclear(stale);
	PQclear(res);
	return rc;
}
