/* create.c: POST /playlists: a manual, smart or ai_curated playlist. */
#include <libpq-fe.h>

#include "db.h"
#include "ids.h"
#include "reply.h"
#include "req.h"

#include "playlists.h"

/* One statement: the row, its photos (computed for smart and ai_curated,
 * BR-M007 / EC-M001: empty is fine), and through the trigger of
 * sql/003 its media.playlist.updated event. */
static const char sql_create[] =
    "INSERT INTO playlists AS p (playlist_id, name, description, user_id,"
    " organization_id, playlist_type, smart_criteria, photo_ids, shuffle, loop,"
    " transition_duration) VALUES ($1, $2, $3, $4::text, $5, $6::text, $7::jsonb,"
    " CASE $6::text WHEN 'smart' THEN " SMART_PHOTOS("$4::text", "$7::jsonb")
    "  WHEN 'ai_curated' THEN " CURATED_PHOTOS("$4::text", "$7::jsonb")
    "  ELSE coalesce($8::jsonb, '[]') END,"
    " coalesce($9::boolean, false), coalesce($10::boolean, true), coalesce($11::int, 5))"
    " RETURNING media_playlist_json(p)";

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
	if (r->user_id == NULL) {
		rc = req_fail(r, ST_INVALID, "user_id", "user_id is required to create a playlist");
		goto cleanup;
	}
	if ((id = ids_new(r->arena, "pl_")) == NULL) {
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "no randomness for an id");
		goto cleanup;
	}

	/* Act and respond. */
	res = db_execv(sql_create, 11, id, b.name, b.description, r->user_id, b.org_id,
	    type, b.criteria, b.photo_ids, b.shuffle, b.loop, b.transition);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rc = reply_row(r, res, 201, "playlist");
cleanup:
	PQclear(res);
	return rc;
}
