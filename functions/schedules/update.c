/* update.c: PUT /schedules/{id}: partial update, is_active included.
 * Activating a schedule, or pointing an active one at another playlist or
 * frame, queues that playlist's downloads first (BR-M008). */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cachefile.h"
#include "db.h"
#include "resp.h"
#include "req.h"

#include "schedules.h"

/* The stored values the merged result is checked against; the row is
 * locked so they cannot change before the update. */
static const char sql_lock[] =
    "SELECT schedule_type, start_time, end_time, jsonb_array_length(days_of_week),"
    " is_active, playlist_id, frame_id FROM rotation_schedules"
    " WHERE schedule_id = $1 AND ($2::text IS NULL OR user_id = $2) FOR UPDATE";

/* A new playlist or fallback must be the schedule owner's: else no row, a 404. */
static const char sql_update[] =
    "UPDATE rotation_schedules s SET"
    " frame_id = coalesce($3, s.frame_id),"
    " playlist_id = coalesce($4, s.playlist_id),"
    " schedule_type = coalesce($5, s.schedule_type),"
    " start_time = coalesce($6, s.start_time),"
    " end_time = coalesce($7, s.end_time),"
    " days_of_week = coalesce($8::jsonb, s.days_of_week),"
    " timezone = coalesce($9, s.timezone),"
    " rotation_interval = coalesce($10::int, s.rotation_interval),"
    " shuffle = coalesce($11::boolean, s.shuffle),"
    " is_active = coalesce($12::boolean, s.is_active),"
    " trigger_event = coalesce($13, s.trigger_event),"
    " active_minutes = coalesce($14::int, s.active_minutes),"
    " organization_id = coalesce($15, s.organization_id),"
    " fallback_playlist_id = CASE WHEN $17::boolean THEN $16 ELSE s.fallback_playlist_id END,"
    " updated_at = now()"
    " WHERE s.schedule_id = $1 AND ($2::text IS NULL OR s.user_id = $2)"
    " AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM playlists p"
    "  WHERE p.playlist_id = $4 AND p.user_id = s.user_id))"
    " AND ($16::text IS NULL OR EXISTS (SELECT 1 FROM playlists p"
    "  WHERE p.playlist_id = $16 AND p.user_id = s.user_id))"
    " RETURNING s.*, media_schedule_in_force(s, now()) AS in_force";

/* Does the update make the schedule's frame need a new set of downloads? */
static bool
needs_queue(const struct schedule_body *b, const PGresult *old)
{
	bool	 was_active = strcmp(PQgetvalue(old, 0, 4), "t") == 0;
	bool	 active = b->active ? strcmp(b->active, "true") == 0 : was_active;

	return active && (!was_active ||
	    (b->playlist_id && strcmp(b->playlist_id, PQgetvalue(old, 0, 5)) != 0) ||
	    (b->frame_id && strcmp(b->frame_id, PQgetvalue(old, 0, 6)) != 0));
}

/* The merged time window must still be complete for a time_based schedule. */
static int
check_merged(struct req *r, const struct schedule_body *b, const PGresult *old)
{
	const char	*type = b->type ? b->type : PQgetvalue(old, 0, 0);
	const char	*start = b->start_time, *end = b->end_time;
	int		 n_days = b->n_days;

	if (start == NULL && !PQgetisnull(old, 0, 1))
		start = PQgetvalue(old, 0, 1);
	if (end == NULL && !PQgetisnull(old, 0, 2))
		end = PQgetvalue(old, 0, 2);
	if (n_days < 0)
		n_days = (int)strtol(PQgetvalue(old, 0, 3), NULL, 10);	/* 0-7, from PostgreSQL */
	return schedule_body_window(r, type, start, end, n_days);
}

int
schedules_update(struct req *r)
{
	struct schedule_body	 b;
	const char		*id = req_param(r, "schedule_id");
	PGresult		*old = NULL, *res = NULL, *stale = NULL;
	int			 rc;

	/* Validate what needs no row. */
	if ((rc = schedule_body_parse(r, r->body, false, &b)) != ST_OK)
		goto cleanup;

	/* Act: lock, check the merged result, update, queue; one transaction. */
	if ((rc = db_begin(r)) != ST_OK)
		goto cleanup;
	old = db_execv(sql_lock, 2, id, r->user_id);
	if ((rc = db_check(r, old, PGRES_TUPLES_OK)) != ST_OK)
		goto finish;
	if (PQntuples(old) != 1) {
		rc = req_fail(r, ST_NOT_FOUND, NULL, "schedule not found");
		goto finish;
	}
	if ((rc = check_merged(r, &b, old)) != ST_OK)
		goto finish;
	res = db_rowsv(sql_update, 17, id, r->user_id, b.frame_id, b.playlist_id, b.type,
	    b.start_time, b.end_time, b.days, b.timezone, b.interval, b.shuffle, b.active,
	    b.trigger_event, b.active_minutes, b.org_id, b.fallback_id,
	    b.has_fallback ? "true" : "false");
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto finish;
	if (PQntuples(res) == 0)
		rc = schedule_playlist_missing(r, &b);
	else if (needs_queue(&b, old))
		rc = schedule_queue(r, id, CACHE_PRIO_SCHEDULE, true, &stale);
finish:
	if ((rc = db_finish(r, rc)) != ST_OK)
		goto cleanup;

	/* Respond. */
	cachefile_remove_rows(stale, 0);
	rc = resp_object(r, res, 200, "schedule", NULL);
cleanup:
	PQclear(stale);
	PQclear(res);
	PQclear(old);
	return rc;
}
