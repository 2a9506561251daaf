/* update.c: PUT /playlists/{id}: partial update; new criteria re-populate
 * a smart or ai_curated playlist (BR-M007, EC-M003: photo_ids replaced),
 * and so does a new timezone a smart one (its today moved, issue 13). */
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "resp.h"
#include "req.h"
#include "valid.h"

#include "playlists.h"

/* The stored type decides which fields a body may set; the row is locked
 * so the type cannot change between the check and the update. */
static const char sql_lock[] =
    "SELECT playlist_type FROM playlists"
    " WHERE playlist_id = $1 AND ($2::text IS NULL OR user_id = $2) FOR UPDATE";

static const char sql_update[] =
    "UPDATE playlists p SET"
    " name = coalesce($3, p.name),"
    " description = CASE WHEN $4::boolean THEN $5 ELSE p.description END,"
    " organization_id = coalesce($6, p.organization_id),"
    " shuffle = coalesce($7::boolean, p.shuffle),"
    " loop = coalesce($8::boolean, p.loop),"
    " transition_duration = coalesce($9::int, p.transition_duration),"
    " smart_criteria = coalesce($10::jsonb, p.smart_criteria),"
    " timezone = coalesce($12, p.timezone),"
    " photo_ids = CASE"
    "  WHEN $11::jsonb IS NOT NULL THEN $11::jsonb"
    "  WHEN p.playlist_type = 'smart' AND ($10::jsonb IS NOT NULL OR $12::text IS NOT NULL)"
    "   THEN media_smart_photos(p.user_id, coalesce($10::jsonb, p.smart_criteria),"
    "    media_local_today(coalesce($12, p.timezone)))"
    "  WHEN $10::jsonb IS NULL THEN p.photo_ids"
    "  ELSE media_curated_photos(p.user_id, $10::jsonb,"
    "   media_local_today(coalesce($12, p.timezone))) END,"
    " updated_at = now()"
    " WHERE p.playlist_id = $1 AND ($2::text IS NULL OR p.user_id = $2)"
    " RETURNING p.*";

static int
locked_type(struct req *r, const char *id, const char **type)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_lock, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK) {
		if (PQntuples(res) != 1)
			rc = req_fail(r, ST_NOT_FOUND, NULL, "playlist not found");
		else	/* the static canonical name outlives res */
			rc = valid_enum(r, "playlist_type", PQgetvalue(res, 0, 0),
			    playlist_types, type);
	}
	PQclear(res);
	return rc;
}

int
playlists_update(struct req *r)
{
	struct playlist_body	 b;
	const char		*id = req_param(r, "playlist_id"), *type = NULL, *asked;
	PGresult		*res = NULL;
	int			 rc;

	/* Validate what needs no row. */
	if ((rc = playlist_body_type(r, r->body, NULL, &asked)) != ST_OK)
		return rc;

	/* Act: lock, check against the stored type, update; one transaction. */
	if ((rc = db_begin(r)) != ST_OK)
		return rc;
	if ((rc = locked_type(r, id, &type)) != ST_OK)
		goto finish;
	if (asked != NULL && strcmp(asked, type) != 0) {
		rc = req_fail(r, ST_INVALID, "playlist_type",
		    "playlist_type cannot be changed (this playlist is %s)", type);
		goto finish;
	}
	if ((rc = playlist_body_parse(r, r->body, type, false, &b)) != ST_OK)
		goto finish;
	res = db_rowsv(sql_update, 12, id, r->user_id, b.name,
	    b.has_description ? "true" : "false", b.description, b.org_id, b.shuffle,
	    b.loop, b.transition, b.criteria, b.photo_ids, b.timezone);
	rc = db_check(r, res, PGRES_TUPLES_OK);
finish:
	if ((rc = db_finish(r, rc)) == ST_OK)
		rc = resp_object(r, res, 200, "playlist", playlist_render);
	PQclear(res);
	return rc;
}
