/* photos.c: GET /schedules/{id}/photos: what the frame shows now (design
 * Flow 3). Frames poll it every few seconds, so the answer carries an ETag
 * of its content and a matching If-None-Match gets a 304 with no body. */
#include <stdbool.h>
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "cachefile.h"
#include "config.h"
#include "db.h"
#include "etag.h"
#include "req.h"
#include "resp.h"

#include "schedules.h"

/*
 * The manifest of sql/022: stored and reused while nothing it depends on
 * changed (one indexed lookup), else computed and stored. Columns:
 * schedule found, body (NULL: playlist gone), its md5, photos in force
 * that lack a live cache entry (then nothing was stored).
 */
static const char sql_manifest[] =
    "SELECT schedule_found, manifest, manifest_etag, n_missing"
    " FROM media_schedule_manifest($1, $2, $3)";

static int
manifest(struct req *r, const char *id, PGresult **res)
{
	int	 rc;

	*res = db_execv(sql_manifest, 3, id, r->user_id, config_get()->storage_url_template);
	if ((rc = db_check(r, *res, PGRES_TUPLES_OK)) != ST_OK)
		return rc;
	if (strcmp(PQgetvalue(*res, 0, 0), "t") != 0)
		return req_fail(r, ST_NOT_FOUND, NULL, "schedule not found");
	if (PQgetisnull(*res, 0, 1))
		return req_fail(r, ST_NOT_FOUND, "playlist_id",
		    "the schedule's playlist no longer exists");
	return ST_OK;
}

/*
 * The kept manifest, while still good (media_manifest_kept, one indexed
 * lookup the planner inlines): its tag, and its body unless the tag is
 * the one the frame sent back (a 304 needs none; a frame sends one tag).
 */
static const char sql_kept[] =
    "SELECT etag, body FROM media_manifest_kept($1, $2, $3)";

/* Send the manifest whose md5 is tag and body is column col of res row 0. */
static int
send_manifest(struct req *r, const char *tag, const PGresult *res, int col)
{
	const char	*etag, *inm = req_env(r, "HTTP_IF_NONE_MATCH");
	int		 rc;

	/* The same content always has the same tag (RFC 9110 §8.8.3). */
	if ((etag = arena_printf(r->arena, "\"%s\"", tag)) == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	if ((rc = resp_header(r, "ETag", "%s", etag)) != ST_OK ||
	    (rc = resp_header(r, "Cache-Control", "no-cache")) != ST_OK)
		return rc;
	if (etag_matches(inm, etag))
		return resp_empty(r, 304);
	return resp_json(r, 200, PQgetvalue(res, 0, col), (size_t)PQgetlength(res, 0, col));
}

/* The poll of a frame whose photos did not change: the kept manifest. *done
 * is false when there is none (or no body to send): compute it. */
static int
kept(struct req *r, const char *id, bool *done)
{
	const char	*tag = etag_single(r->arena, req_env(r, "HTTP_IF_NONE_MATCH"));
	PGresult	*res;
	int		 rc;

	*done = false;
	res = db_execv(sql_kept, 3, id, r->user_id, tag);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK && PQntuples(res) == 1 &&
	    (!PQgetisnull(res, 0, 1) || (tag && strcmp(tag, PQgetvalue(res, 0, 0)) == 0))) {
		*done = true;
		rc = send_manifest(r, PQgetvalue(res, 0, 0), res, 1);
	}
	PQclear(res);
	return rc;
}

int
schedules_photos(struct req *r)
{
	const char	*id = req_param(r, "schedule_id");
	PGresult	*res = NULL, *stale = NULL;
	bool		 done;
	int		 rc;

	if ((rc = kept(r, id, &done)) != ST_OK || done ||
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
		/* The entries are committed and files removed: no run again. */
		if ((rc = db_no_retry(manifest(r, id, &res))) != ST_OK)
			goto cleanup;
	}
	rc = send_manifest(r, PQgetvalue(res, 0, 2), res, 1);
cleanup:
	PQclear(stale);
	PQclear(res);
	return rc;
}
