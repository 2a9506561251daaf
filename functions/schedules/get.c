/* get.c: GET /schedules/{id} and GET /schedules/frame/{frame_id}: the
 * frame's schedule in force now, or with ?all=true all of them. */
#include <stdio.h>

#include <libpq-fe.h>

#include "db.h"
#include "listpage.h"
#include "resp.h"
#include "req.h"
#include "valid.h"

#include "schedules.h"

/* Another user's schedule is absent, like a missing one (404, not 403).
 * user_id is NULL only for X-Internal-Call. */
static const char sql_get[] =
    "SELECT s.*, media_schedule_in_force(s, now()) AS in_force FROM rotation_schedules s"
    " WHERE s.schedule_id = $1 AND ($2::text IS NULL OR s.user_id = $2)";

int
schedules_get(struct req *r)
{
	const char	*id = req_param(r, "schedule_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_rowsv(sql_get, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rc = resp_object(r, res, 200, "schedule", NULL);
cleanup:
	PQclear(res);
	return rc;
}

/* The latest-created schedule among those in force now wins. */
static const char sql_in_force[] =
    "SELECT s.*, true AS in_force FROM rotation_schedules s"
    " WHERE s.frame_id = $1 AND ($2::text IS NULL OR s.user_id = $2) AND s.is_active"
    " AND media_schedule_in_force(s, now())"
    " ORDER BY s.created_at DESC, s.schedule_id DESC LIMIT 1";

/* One page, newest first, and the total when the page does not tell it
 * (list_page). */
static const char sql_all[] =
    "SELECT s.*, media_schedule_in_force(s, now()) AS in_force FROM rotation_schedules s"
    " WHERE s.frame_id = $1 AND ($2::text IS NULL OR s.user_id = $2)"
    " ORDER BY s.created_at DESC, s.schedule_id DESC LIMIT $3 OFFSET $4";

static const char sql_count[] =
    "SELECT count(*) FROM rotation_schedules"
    " WHERE frame_id = $1 AND ($2::text IS NULL OR user_id = $2)";

int
schedules_frame(struct req *r)
{
	const char	*frame = req_param(r, "frame_id");
	struct page	 page;
	bool		 all;
	PGresult	*res = NULL;
	int		 rc;

	if ((rc = valid_query_bool(r, "all", false, &all)) != ST_OK ||
	    (rc = valid_page(r, &page)) != ST_OK)
		goto cleanup;
	if (!all) {
		res = db_rowsv(sql_in_force, 2, frame, r->user_id);
		if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
			goto cleanup;
		rc = resp_object(r, res, 200, "schedule in force for this frame", NULL);
		goto cleanup;
	}
	rc = list_page(r, sql_all, sql_count, 2, (const char *const[]){ frame, r->user_id },
	    &page, NULL);
cleanup:
	PQclear(res);
	return rc;
}
