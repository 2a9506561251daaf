/* photos.c: POST /playlists/{id}/photos and DELETE /playlists/{id}/photos/{photo}:
 * change the photos of a manual playlist (BR-M003, BR-M004, EC-M002). */
#include <string.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "db.h"
#include "jsontext.h"
#include "resp.h"
#include "req.h"
#include "valid.h"

#include "playlists.h"

/* Append in one statement; the WHERE keeps the 1000 limit under
 * concurrent appends. Duplicates are allowed (EC-M002). */
static const char sql_append[] =
    "UPDATE playlists p SET photo_ids = p.photo_ids || $3::jsonb, updated_at = now()"
    " WHERE p.playlist_id = $1 AND ($2::text IS NULL OR p.user_id = $2)"
    " AND p.playlist_type = 'manual'"
    " AND jsonb_array_length(p.photo_ids) + jsonb_array_length($3::jsonb) <= 1000"
    " RETURNING p.*";

/* Removes every occurrence of the photo. */
static const char sql_remove[] =
    "UPDATE playlists p SET photo_ids = p.photo_ids - $3, updated_at = now()"
    " WHERE p.playlist_id = $1 AND ($2::text IS NULL OR p.user_id = $2)"
    " AND p.playlist_type = 'manual' AND p.photo_ids ? $3"
    " RETURNING p.*";

/* Why did an update match no row? Only asked after one did not. */
static const char sql_why[] =
    "SELECT playlist_type FROM playlists"
    " WHERE playlist_id = $1 AND ($2::text IS NULL OR user_id = $2)";

static int
explain_miss(struct req *r, const char *id, const char *otherwise)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_why, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (PQntuples(res) == 0)
		rc = req_fail(r, ST_NOT_FOUND, NULL, "playlist not found");
	else if (strcmp(PQgetvalue(res, 0, 0), "manual") != 0)
		rc = req_fail(r, ST_INVALID, "photo_ids",
		    "the photos of a %s playlist are chosen by the service",
		    PQgetvalue(res, 0, 0));
	else if (strcmp(otherwise, "full") == 0)
		rc = req_fail(r, ST_INVALID, "photo_ids",
		    "Playlist exceeds maximum of 1000 photos");
	else
		rc = req_fail(r, ST_NOT_FOUND, "photo_id", "photo not in playlist");
cleanup:
	PQclear(res);
	return rc;
}

int
playlists_add_photos(struct req *r)
{
	const char	*id = req_param(r, "playlist_id");
	const cJSON	*ids;
	char		*text;
	PGresult	*res = NULL;
	int		 rc;

	ids = cJSON_GetObjectItemCaseSensitive(r->body, "photo_ids");
	if (cJSON_IsArray(ids) && cJSON_GetArraySize(ids) > PLAYLIST_MANUAL_MAX) {
		rc = req_fail(r, ST_INVALID, "photo_ids", "Playlist exceeds maximum of 1000 photos");
		goto cleanup;
	}
	if ((rc = valid_id_array(r, r->body, "photo_ids", PLAYLIST_MANUAL_MAX, &ids)) != ST_OK)
		goto cleanup;
	if (ids == NULL || cJSON_GetArraySize(ids) == 0) {
		rc = req_fail(r, ST_INVALID, "photo_ids", "photo_ids must list at least one photo");
		goto cleanup;
	}
	if ((rc = jsontext(r, ids, &text)) != ST_OK)
		goto cleanup;
	res = db_rowsv(sql_append, 3, id, r->user_id, text);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (PQntuples(res) == 0)
		rc = explain_miss(r, id, "full");
	else
		rc = resp_object(r, res, 200, "playlist", playlist_render);
cleanup:
	PQclear(res);
	return rc;
}

int
playlists_remove_photo(struct req *r)
{
	const char	*id = req_param(r, "playlist_id"), *photo = req_param(r, "photo_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_rowsv(sql_remove, 3, id, r->user_id, photo);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (PQntuples(res) == 0)
		rc = explain_miss(r, id, "absent");
	else
		rc = resp_object(r, res, 200, "playlist", playlist_render);
cleanup:
	PQclear(res);
	return rc;
}
