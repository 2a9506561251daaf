/* create.c: POST /schedules: a schedule of one of the user's playlists for a
 * frame; an active one queues the playlist's downloads first (BR-M008). */
#include <string.h>

#include <libpq-fe.h>

#include "cachefile.h"
#include "db.h"
#include "ids.h"
#include "resp.h"
#include "rowjson.h"
#include "req.h"

#include "schedules.h"

/* The EXISTS make another user's playlist (or fallback) look absent:
 * no row -> 404.
 * media.schedule.updated comes from the rotation_schedules trigger
 * (sql/functions/80_outbox.sql). */
static const char sql_create[] =
    "INSERT INTO rotation_schedules AS s (schedule_id, user_id, organization_id, frame_id,"
    " playlist_id, schedule_type, start_time, end_time, days_of_week, timezone,"
    " rotation_interval, shuffle, is_active, trigger_event, active_minutes,"
    " fallback_playlist_id)"
    " SELECT $1, $2::text, $3, $4, $5::text, $6, $7, $8, coalesce($9::jsonb, '[]'),"
    "  coalesce($10, 'UTC'), coalesce($11::int, 10), coalesce($12::boolean, false),"
    "  coalesce($13::boolean, true), $14, $15::int, $16::text"
    " WHERE EXISTS (SELECT 1 FROM playlists p WHERE p.playlist_id = $5 AND p.user_id = $2)"
    " AND ($16::text IS NULL OR EXISTS (SELECT 1 FROM playlists p"
    "  WHERE p.playlist_id = $16 AND p.user_id = $2))"
    " RETURNING s.*, media_schedule_in_force(s, now()) AS in_force";

int
schedules_create(struct req *r)
{
	struct schedule_body	 b;
	const char		*id;
	PGresult		*res = NULL, *stale = NULL;
	int			 rc;

	/* Validate. */
	if ((rc = schedule_body_parse(r, r->body, true, &b)) != ST_OK)
		goto cleanup;
	if ((id = ids_new(r->arena, "sched_")) == NULL) {
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "no randomness for an id");
		goto cleanup;
	}

	/* Act: the row, its event and its queued downloads commit together. */
	if ((rc = db_begin(r)) != ST_OK)
		goto cleanup;
	res = db_rowsv(sql_create, 16, id, r->user_id, b.org_id, b.frame_id, b.playlist_id,
	    b.type, b.start_time, b.end_time, b.days, b.timezone, b.interval, b.shuffle,
	    b.active, b.trigger_event, b.active_minutes, b.fallback_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK && PQntuples(res) == 0)
		rc = schedule_playlist_missing(r, &b);
	if (rc == ST_OK && rowjson_bool(res, 0, "is_active"))
		rc = schedule_queue(r, id, CACHE_PRIO_SCHEDULE, true, &stale);
	if ((rc = db_finish(r, rc)) != ST_OK)
		goto cleanup;

	/* Respond; superseded files go once their rows are gone for good. */
	cachefile_remove_rows(stale, 0);
	rc = resp_object(r, res, 201, "schedule", NULL);
cleanup:
	PQclear(stale);
	PQclear(res);
	return rc;
}
