/* put.c: PUT /metadata/{file_id}: partial upsert of a photo's metadata
 * through media_metadata_patch (sql/functions/20_metadata.sql: its
 * update writes media.metadata.updated, then the BR-M007 smart playlist
 * re-check runs), all in one transaction. */
#include <stdbool.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "db.h"
#include "jsontext.h"
#include "resp.h"
#include "req.h"
#include "valid.h"

#include "metadata.h"

#define LABELS_MAX	1000	/* strings in one AI array */
#define LABEL_LEN_MAX	255

enum kind {
	F_STRINGS,	/* array of strings (ai_labels...) */
	F_OBJECT,	/* JSON object */
	F_NUM,		/* number in min..max */
	F_INT,		/* integer in min..max */
	F_TEXT,		/* string of at most max characters */
	F_TIME,		/* RFC 3339 timestamp */
	F_BOOL,
	F_ID		/* client id (contract §2) */
};

/* The columns a body may set, as contract §3.2 lists them. Nothing else
 * reaches the row (file_id, user_id and the timestamps are ours). */
static const struct field {
	const char	*name;
	enum kind	 kind;
	double		 min, max;
	bool		 nullable;	/* null clears it; else null is a 400 */
} fields[] = {
	{ "ai_labels",		F_STRINGS, 0, 0, false },
	{ "ai_objects",		F_STRINGS, 0, 0, false },
	{ "ai_scenes",		F_STRINGS, 0, 0, false },
	{ "ai_colors",		F_STRINGS, 0, 0, false },
	{ "face_detection",	F_OBJECT, 0, 0, true },
	{ "text_detection",	F_OBJECT, 0, 0, true },
	{ "full_metadata",	F_OBJECT, 0, 0, false },
	{ "quality_score",	F_NUM, 0, 1, true },
	{ "blur_score",		F_NUM, 0, 1, true },
	{ "brightness",		F_NUM, 0, 1, true },
	{ "contrast",		F_NUM, 0, 1, true },
	{ "latitude",		F_NUM, -90, 90, true },
	{ "longitude",		F_NUM, -180, 180, true },
	{ "location_name",	F_TEXT, 0, 255, true },
	{ "photo_taken_at",	F_TIME, 0, 0, true },
	{ "camera_make",	F_TEXT, 0, 100, true },
	{ "camera_model",	F_TEXT, 0, 100, true },
	{ "lens_model",		F_TEXT, 0, 100, true },
	{ "focal_length",	F_TEXT, 0, 50, true },
	{ "aperture",		F_TEXT, 0, 50, true },
	{ "shutter_speed",	F_TEXT, 0, 50, true },
	{ "iso",		F_INT, 0, 2147483647, true },
	{ "flash_used",		F_BOOL, 0, 0, true },
	{ "width",		F_INT, 1, 2147483647, true },
	{ "height",		F_INT, 1, 2147483647, true },
	{ "exif_orientation",	F_INT, 1, 8, true },
	{ "organization_id",	F_ID, 0, 0, true },
};

static int
check_field(struct req *r, const cJSON *b, const struct field *f, const cJSON *it)
{
	const cJSON	*obj;
	const char	*s;
	long long	 n;
	double		 d;
	bool		 v, has;
	int		 rc;

	if (cJSON_IsNull(it))
		return f->nullable ? ST_OK :
		    req_fail(r, ST_INVALID, f->name, "%s cannot be null", f->name);
	switch (f->kind) {
	case F_STRINGS:
		return valid_str_array(r, f->name, it, LABELS_MAX, LABEL_LEN_MAX);
	case F_OBJECT:
		return valid_object(r, b, f->name, &obj);
	case F_NUM:
		return valid_num(r, b, f->name, f->min, f->max, &d, &has);
	case F_INT:
		return valid_int(r, b, f->name, (long long)f->min, (long long)f->max, &n, &has);
	case F_TEXT:
		return valid_str(r, b, f->name, 0, (size_t)f->max, false, &s);
	case F_TIME:
		if ((rc = valid_str(r, b, f->name, 1, 64, false, &s)) != ST_OK)
			return rc;
		return valid_time(r, f->name, s, false);
	case F_BOOL:
		return valid_bool(r, b, f->name, &v, &has);
	case F_ID:
		return valid_id_field(r, b, f->name, false, &s);
	}
	return req_fail(r, ST_INTERNAL, NULL, "unknown field kind");
}

/* The validated fields of body b as a JSON object of column values, the
 * patch sql_patch applies; caller owns *out (cJSON_Delete). */
static int
parse_patch(struct req *r, const cJSON *b, cJSON **out)
{
	const cJSON	*it;
	cJSON		*copy;
	size_t		 i;
	int		 rc;

	if ((*out = cJSON_CreateObject()) == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if ((it = cJSON_GetObjectItemCaseSensitive(b, fields[i].name)) == NULL)
			continue;
		if ((rc = check_field(r, b, &fields[i], it)) != ST_OK)
			return rc;
		if ((copy = cJSON_Duplicate(it, true)) == NULL ||
		    !cJSON_AddItemToObject(*out, fields[i].name, copy)) {
			cJSON_Delete(copy);
			return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
		}
	}
	return ST_OK;
}

/* A new photo gets a row of defaults first (the update below fills it).
 * The caller's own row: another user's photo of the same id is another
 * photo (sql/051), neither touched nor in the way. A separate statement:
 * the update must see the row, and a statement does not see its own CTE's
 * inserts. */
static const char sql_create[] =
    "INSERT INTO photo_metadata (file_id, user_id, organization_id)"
    " VALUES ($1::text, $2::text, $3::text)"
    " ON CONFLICT (user_id, file_id) DO NOTHING";

static int
create_row(struct req *r, const char *id)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_create, 3, id, r->user_id, r->org_id);
	rc = db_check(r, res, PGRES_COMMAND_OK);
	PQclear(res);
	return rc;
}

/* The one metadata patch, shared with the listener: the columns present
 * in $3 change (full_metadata's keys are merged), then the BR-M007
 * re-check; the patched row comes back. The row create_row() made or
 * found. */
static const char sql_patch[] =
    "SELECT * FROM media_metadata_patch($2::text, $1::text, $3::jsonb)";

int
metadata_put(struct req *r)
{
	const char	*id = req_param(r, "file_id");
	cJSON		*patch = NULL;
	char		*patch_s;
	PGresult	*res = NULL;
	int		 rc;

	/* Validate. */
	if ((rc = parse_patch(r, r->body, &patch)) != ST_OK ||
	    (rc = jsontext(r, patch, &patch_s)) != ST_OK)
		goto cleanup;

	/* Act: one transaction (the route has R_USER: r->user_id is set). */
	if ((rc = db_begin(r)) != ST_OK)
		goto cleanup;
	if ((rc = create_row(r, id)) == ST_OK) {
		res = db_rowsv(sql_patch, 3, id, r->user_id, patch_s);
		if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK && PQntuples(res) != 1)
			rc = req_fail(r, ST_NOT_FOUND, NULL, "metadata not found");
	}
	if ((rc = db_finish(r, rc)) != ST_OK)
		goto cleanup;

	/* Respond. */
	rc = resp_object(r, res, 200, "metadata", NULL);
cleanup:
	cJSON_Delete(patch);
	PQclear(res);
	return rc;
}
