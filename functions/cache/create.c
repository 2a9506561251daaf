/* create.c: POST /cache: a pending entry and its queued download, or the
 * frame's live entry for that photo and version as it is (BR-M009). */
#include <string.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "arena.h"
#include "cachefile.h"
#include "config.h"
#include "db.h"
#include "resp.h"
#include "req.h"
#include "valid.h"

#include "cache.h"

#define FORMAT_MAX	10

static const char *const qualities[] = { "original", "high", "medium", "low", NULL };

struct cache_body {
	const char	*frame_id, *photo_id, *version_id, *format, *quality;
};

/* A field from the JSON body, else from the query string (contract §3.5). */
static int
field(struct req *r, const char *name, size_t max, const char **out)
{
	if (r->body != NULL && cJSON_GetObjectItemCaseSensitive(r->body, name) != NULL)
		return valid_str(r, r->body, name, 0, max, false, out);
	*out = req_query(r, name);
	return ST_OK;
}

static int
parse(struct req *r, struct cache_body *b)
{
	const char	*q;
	char		*f;
	int		 rc;

	if ((rc = field(r, "frame_id", 1000, &b->frame_id)) != ST_OK ||
	    (rc = valid_id(r, "frame_id", b->frame_id)) != ST_OK ||
	    (rc = field(r, "photo_id", 1000, &b->photo_id)) != ST_OK ||
	    (rc = valid_id(r, "photo_id", b->photo_id)) != ST_OK ||
	    (rc = field(r, "version_id", 1000, &b->version_id)) != ST_OK ||
	    (b->version_id != NULL && (rc = valid_id(r, "version_id", b->version_id)) != ST_OK) ||
	    (rc = field(r, "cache_quality", 1000, &q)) != ST_OK ||
	    (rc = valid_enum(r, "cache_quality", q, qualities, &b->quality)) != ST_OK ||
	    (rc = field(r, "cache_format", 1000, &b->format)) != ST_OK)
		return rc;
	if (b->quality == NULL)
		b->quality = "original";
	/* The format may become a file extension: a short word, stored lowercase. */
	if (b->format != NULL) {
		if (*b->format == '\0' || strlen(b->format) > FORMAT_MAX ||
		    strspn(b->format, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
		    != strlen(b->format))
			return req_fail(r, ST_INVALID, "cache_format",
			    "cache_format must be 1-10 letters or digits, such as jpeg or webp");
		if ((f = arena_strdup(r->arena, b->format)) == NULL)
			return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
		for (b->format = f; *f != '\0'; f++)
			if (*f >= 'A' && *f <= 'Z')
				*f += 'a' - 'A';
	}
	return ST_OK;
}

/* The caller's photo (sql/051: another user's photo of the same id is
 * another photo, so it answers as one the caller has no versions of). The
 * version, when given, must be one of that photo's; when not, its current
 * one, or none. */
static const char sql_resolve[] =
    "SELECT $3::text IS NULL OR EXISTS (SELECT 1 FROM photo_versions v"
    "   WHERE v.version_id = $3 AND v.user_id = $2 AND v.photo_id = $1),"
    " coalesce($3, (SELECT v.version_id FROM photo_versions v"
    "   WHERE v.user_id = $2 AND v.photo_id = $1 AND v.is_current))";

static int
resolve(struct req *r, struct cache_body *b)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_resolve, 3, b->photo_id, r->user_id, b->version_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		rc = req_fail(r, ST_NOT_FOUND, "version_id", "version not found for this photo");
	else if (!PQgetisnull(res, 0, 1) &&
	    (b->version_id = arena_strdup(r->arena, PQgetvalue(res, 0, 1))) == NULL)
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
cleanup:
	PQclear(res);
	return rc;
}

/* Remove the files of the space-separated superseded ids of the frame. */
static void
remove_stale(struct req *r, const struct cache_body *b, const char *ids)
{
	char	*copy, *id, *save = NULL;

	if ((copy = arena_strdup(r->arena, ids)) == NULL)
		return;
	for (id = strtok_r(copy, " ", &save); id != NULL; id = strtok_r(NULL, " ", &save))
		cachefile_remove(config_get()->cache_dir, r->user_id, b->frame_id, id);
}

/* media_cache_ensure (sql/functions/50_cache.sql): failed and expired entries are replaced. */
static const char sql_ensure[] =
    "SELECT cache_id, created, stale_ids FROM media_cache_ensure($1, $2,"
    " ARRAY[$3::text], ARRAY[$4::text], $5, $6, media_cache_priority($7), true)";

/* The entry as the API shows it (rendered in C: resp_object). */
static const char sql_entry[] =
    "SELECT e.* FROM photo_cache c, media_cache_entry(c) e WHERE c.cache_id = $1";

int
cache_create(struct req *r)
{
	struct cache_body	 b = { 0 };
	PGresult		*ens = NULL, *res = NULL;
	int			 rc;

	/* Validate. */
	if ((rc = parse(r, &b)) != ST_OK)
		goto cleanup;

	/* Act: one transaction. */
	if ((rc = db_begin(r)) != ST_OK)
		goto cleanup;
	if ((rc = resolve(r, &b)) != ST_OK)
		goto finish;
	ens = db_execv(sql_ensure, 7, r->user_id, b.frame_id, b.photo_id, b.version_id,
	    b.quality, b.format, CACHE_PRIO_REQUEST);
	if ((rc = db_check(r, ens, PGRES_TUPLES_OK)) != ST_OK)
		goto finish;
	if (PQntuples(ens) != 1) {	/* one row per (photo, version) asked for */
		rc = req_fail(r, ST_INTERNAL, NULL, "media_cache_ensure gave %d rows",
		    PQntuples(ens));
		goto finish;
	}
	res = db_rowsv(sql_entry, 1, PQgetvalue(ens, 0, 0));
	rc = db_check(r, res, PGRES_TUPLES_OK);
finish:
	if ((rc = db_finish(r, rc)) != ST_OK)
		goto cleanup;

	/* Respond: 201 for a new entry, 200 for the live one (BR-M009). */
	remove_stale(r, &b, PQgetvalue(ens, 0, 2));
	rc = resp_object(r, res, strcmp(PQgetvalue(ens, 0, 1), "t") == 0 ? 201 : 200,
	    "cache entry", NULL);
cleanup:
	PQclear(res);
	PQclear(ens);
	return rc;
}
