/* create.c: POST /playlists: a manual, smart or ai_curated playlist. */
#include <libpq-fe.h>

#include "db.h"
#include "ids.h"
#include "resp.h"
#include "req.h"

#include "playlists.h"

/* One statement: the row, its photos (computed for smart and ai_curated,
 * BR-M007 / EC-M001: empty is fine; on today in the playlist's zone,
 * issue 13: media_smart_photos, media_curated_photos), and through the
 * playlists trigger (sql/functions/80_outbox.sql) its media.playlist.updated
 * event. */
static const char sql_create[] =
    "INSERT INTO playlists AS p (playlist_id, name, description, user_id,"
    " organization_id, playlist_type, smart_criteria, photo_ids, shuffle, loop,"
    " transition_duration, timezone) VALUES ($1, $2, $3, $4::text, $5, $6::text, $7::jsonb,"
    " CASE $6::text WHEN 'smart' THEN"
    "   media_smart_photos($4::text, $7::jsonb, media_local_today(coalesce($12, 'UTC')))"
    "  WHEN 'ai_curated' THEN"
    "   media_curated_photos($4::text, $7::jsonb, media_local_today(coalesce($12, 'UTC')))"
    "  ELSE coalesce($8::jsonb, '[]') END,"
    " coalesce($9::boolean, false), coalesce($10::boolean, true), coalesce($11::int, 5),"
    " coalesce($12, 'UTC'))"
    " RETURNING p.*";

int
playlists_create(struct req *r)
{
	struct playlist_body	 b;
	const char		*type, *id;
	PGresult		*res = NULL;
	int			 rc;

	/* Validate. */
	if ((rc = playlist_body_type(r, r->body, "manual", &type)) != ST_OK ||
	    (rc = playlist_body_parse(r, r->body, type, true, &b)) != ST_OK)
		goto cleanup;
	if ((id = ids_new(r->arena, "pl_")) == NULL) {
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "no randomness for an id");
		goto cleanup;
	}

	/* Act and respond. */
	res = db_rowsv(sql_create, 12, id, b.name, b.description, r->user_id, b.org_id,
	    type, b.criteria, b.photo_ids, b.shuffle, b.loop, b.transition, b.timezone);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rc = resp_object(r, res, 201, "playlist", playlist_render);
cleanup:
	PQclear(res);
	return rc;
}
