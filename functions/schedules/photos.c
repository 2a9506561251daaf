/* photos.c: GET /schedules/{id}/photos: what the frame shows now (design
 * Flow 3). Frames poll it every few seconds, so the answer carries an ETag
 * of its content and a matching If-None-Match gets a 304 with no body. */
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "cachefile.h"
#include "config.h"
#include "db.h"
#include "etag.h"
#include "req.h"
#include "resp.h"
#include "valid.h"

#include "schedules.h"

/*
 * One read-only statement: the schedule, its playlist (the owner's only;
 * gone -> no body, EC-M004), and when in force each photo at its current
 * version with the frame's best entry for it: a fresh cached one (url =
 * cached_url), else a pending, downloading or failed one (url = storage).
 * Columns: schedule found, body, md5 of body, photos lacking a live entry.
 */
static const char sql_manifest[] =
    "WITH s AS (SELECT s.schedule_id, s.user_id, s.frame_id, s.playlist_id,"
    "   s.rotation_interval, s.shuffle, media_schedule_in_force(s, now()) AS in_force"
    "  FROM rotation_schedules s WHERE s.schedule_id = $1 AND ($2::text IS NULL OR s.user_id = $2)),"
    " p AS (SELECT p.photo_ids, p.shuffle, p.transition_duration FROM playlists p, s"
    "  WHERE p.playlist_id = s.playlist_id AND p.user_id = s.user_id),"
    " i AS (SELECT i.ord, i.photo_id, i.version_id,"
    "   CASE WHEN c.fresh THEN coalesce(c.cached_url, i.storage_url) ELSE i.storage_url END AS url,"
    "   coalesce(c.fresh, false) AS cached, c.cache_id, c.cache_id IS NULL OR c.stale AS missing"
    "  FROM s, p, media_schedule_items(s.user_id, p.photo_ids, $3) i"
    "  LEFT JOIN LATERAL (SELECT c.cache_id, c.cached_url,"
    "    c.cache_status = 'cached' AND c.expires_at > now() AS fresh,"
    "    c.cache_status = 'expired' OR (c.cache_status = 'cached' AND c.expires_at <= now()) AS stale"
    "   FROM photo_cache c WHERE c.user_id = s.user_id AND c.frame_id = s.frame_id"
    "    AND c.photo_id = i.photo_id AND c.version_id IS NOT DISTINCT FROM i.version_id"
    "   ORDER BY fresh DESC, stale, c.cache_status = 'failed', c.created_at DESC LIMIT 1) c ON true"
    "  WHERE s.in_force),"
    " b AS (SELECT json_build_object('schedule_id', s.schedule_id, 'frame_id', s.frame_id,"
    "   'playlist_id', s.playlist_id, 'in_force', s.in_force,"
    "   'rotation_interval', s.rotation_interval, 'shuffle', s.shuffle OR p.shuffle,"
    "   'transition_duration', p.transition_duration,"
    "   'photos', coalesce((SELECT json_agg(json_build_object('photo_id', i.photo_id,"
    "     'version_id', i.version_id, 'url', i.url, 'cached', i.cached, 'cache_id', i.cache_id)"
    "     ORDER BY i.ord) FROM i), '[]')) AS j FROM s, p)"
    " SELECT (SELECT count(*) FROM s), b.j, md5(b.j::text), (SELECT count(*) FROM i WHERE i.missing)"
    " FROM (SELECT 1) one LEFT JOIN b ON true";

static int
manifest(struct req *r, const char *id, PGresult **res)
{
	int	 rc;

	*res = db_execv(sql_manifest, 3, id, r->user_id, config_get()->storage_url_template);
	if ((rc = db_check(r, *res, PGRES_TUPLES_OK)) != ST_OK)
		return rc;
	if (strcmp(PQgetvalue(*res, 0, 0), "0") == 0)
		return req_fail(r, ST_NOT_FOUND, NULL, "schedule not found");
	if (PQgetisnull(*res, 0, 1))
		return req_fail(r, ST_NOT_FOUND, "playlist_id",
		    "the schedule's playlist no longer exists");
	return ST_OK;
}

int
schedules_photos(struct req *r)
{
	const char	*id = req_param(r, 0), *etag;
	PGresult	*res = NULL, *stale = NULL;
	int		 rc;

	if ((rc = valid_id(r, "schedule_id", id)) != ST_OK ||
	    (rc = manifest(r, id, &res)) != ST_OK)
		goto cleanup;

	/* Photos the frame has no entry for yet (or only an expired one): create
	 * the entries and queue their downloads, then read the manifest again.
	 * A racing poll is harmless: the live-entry index keeps one entry. */
	if (strcmp(PQgetvalue(res, 0, 3), "0") != 0) {
		PQclear(res);
		res = NULL;
		if ((rc = schedule_queue(r, id, CACHE_PRIO_SHOWING, false, &stale)) != ST_OK)
			goto cleanup;
		cachefile_remove_rows(stale, 0);
		if ((rc = manifest(r, id, &res)) != ST_OK)
			goto cleanup;
	}

	/* Respond: the same content always has the same tag (RFC 9110 §8.8.3). */
	if ((etag = arena_printf(r->arena, "\"%s\"", PQgetvalue(res, 0, 2))) == NULL) {
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
		goto cleanup;
	}
	if ((rc = resp_header(r, "ETag", "%s", etag)) != ST_OK ||
	    (rc = resp_header(r, "Cache-Control", "no-cache")) != ST_OK)
		goto cleanup;
	if (etag_matches(req_env(r, "HTTP_IF_NONE_MATCH"), etag))
		rc = resp_empty(r, 304);
	else
		rc = resp_json(r, 200, PQgetvalue(res, 0, 1), (size_t)PQgetlength(res, 0, 1));
cleanup:
	PQclear(stale);
	PQclear(res);
	return rc;
}
