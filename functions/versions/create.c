/* create.c: POST /photos/{photo_id}/versions: a new version that becomes
 * the current one (BR-M001); its media.version.created is written by the
 * photo_versions trigger (sql/functions/80_outbox.sql). */
#include <stdio.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "arena.h"
#include "db.h"
#include "ids.h"
#include "jsontext.h"
#include "req.h"
#include "valid.h"

#include "versions.h"

#define FILE_SIZE_MAX	9007199254740992LL	/* 2^53: exact in a JSON number */

static const char *const version_types[] = { "original", "ai_enhanced", "ai_styled",
	"ai_background_removed", "user_edited", NULL };

/* The fields of a create body, validated; NULL: absent. */
struct version_body {
	const char	*name, *type, *mode, *file_id, *cloud_url, *local_path, *org_id;
	const char	*file_size;		/* decimal text */
	char		*params, *metadata;	/* JSON object text; arena */
};

static int
parse_body(struct req *r, const cJSON *b, struct version_body *out)
{
	const cJSON	*params, *meta;
	const char	*type;
	long long	 size;
	bool		 has_size;
	int		 rc;

	if ((rc = valid_str(r, b, "version_name", 1, 255, true, &out->name)) != ST_OK ||
	    (rc = valid_str(r, b, "version_type", 1, 50, true, &type)) != ST_OK ||
	    (rc = valid_enum(r, "version_type", type, version_types, &out->type)) != ST_OK ||
	    (rc = valid_id_field(r, b, "file_id", true, &out->file_id)) != ST_OK ||
	    (rc = valid_str(r, b, "processing_mode", 0, 100, false, &out->mode)) != ST_OK ||
	    (rc = valid_str(r, b, "cloud_url", 0, 4096, false, &out->cloud_url)) != ST_OK ||
	    (rc = valid_str(r, b, "local_path", 0, 500, false, &out->local_path)) != ST_OK ||
	    (rc = valid_id_field(r, b, "organization_id", false, &out->org_id)) != ST_OK ||
	    (rc = valid_int(r, b, "file_size", 0, FILE_SIZE_MAX, &size, &has_size)) != ST_OK ||
	    (rc = valid_object(r, b, "processing_params", &params)) != ST_OK ||
	    (rc = valid_object(r, b, "metadata", &meta)) != ST_OK ||
	    (rc = jsontext(r, params, &out->params)) != ST_OK ||
	    (rc = jsontext(r, meta, &out->metadata)) != ST_OK)
		return rc;
	if (out->org_id == NULL)
		out->org_id = r->org_id;
	out->file_size = has_size ? arena_printf(r->arena, "%lld", size) : NULL;
	if (has_size && out->file_size == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	return ST_OK;
}

/* Runs under the photo lock after the old current version was cleared:
 * the number is the highest of the caller's photo + 1 (another user's
 * photo of the same id is another photo, sql/051). */
static const char sql_insert[] =
    "INSERT INTO photo_versions AS v (version_id, photo_id, user_id, organization_id,"
    "  version_name, version_type, processing_mode, file_id, cloud_url, local_path,"
    "  file_size, processing_params, metadata, is_current, version_number)"
    " VALUES ($1, $2::text, $3::text, $4, $5, $6, $7, $8, $9, $10, $11::bigint,"
    "  coalesce($12::jsonb, '{}'), coalesce($13::jsonb, '{}'), true,"
    "  (SELECT coalesce(max(version_number), 0) + 1 FROM photo_versions"
    "   WHERE user_id = $3::text AND photo_id = $2::text))"
    " RETURNING v.*";

int
versions_create(struct req *r)
{
	struct version_body	 b = { 0 };
	const char		*photo = req_param(r, "photo_id"), *id;
	PGresult		*res = NULL;
	int			 rc;

	/* Validate. */
	if ((rc = parse_body(r, r->body, &b)) != ST_OK)
		goto cleanup;
	if ((id = ids_new(r->arena, "ver_")) == NULL) {
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "no randomness for an id");
		goto cleanup;
	}

	/* Act: lock the photo, clear its current version, insert; one transaction. */
	if ((rc = versions_begin(r, photo)) == ST_OK &&
	    (rc = versions_clear_current(r, photo, NULL)) == ST_OK) {
		res = db_rowsv(sql_insert, 13, id, photo, r->user_id, b.org_id, b.name,
		    b.type, b.mode, b.file_id, b.cloud_url, b.local_path, b.file_size,
		    b.params, b.metadata);
		rc = db_check(r, res, PGRES_TUPLES_OK);
	}
	if ((rc = db_finish(r, rc)) != ST_OK)
		goto cleanup;

	/* Respond. */
	rc = versions_reply(r, res, 201);
cleanup:
	PQclear(res);
	return rc;
}
