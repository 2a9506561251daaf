/* store.c: analysis results into photo_metadata through the metadata API's
 * own patch (media_metadata_patch: media.metadata.updated and the BR-M007
 * smart-playlist refresh in the same transaction). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "db.h"
#include "listener.h"
#include "log.h"
#include "status.h"
#include "timefmt.h"

/* Contract §3.2: below this a photo is an enhancement candidate. */
#define ENHANCE_BELOW	0.5

static void
add_str(cJSON *o, const char *name, const char *v)
{
	if (v[0] != '\0')
		cJSON_AddStringToObject(o, name, v);
}

cJSON *
store_local_fields(const struct photo_info *pi, const char *error)
{
	cJSON	*f, *full;
	char	 ts[32];

	if ((f = cJSON_CreateObject()) == NULL)
		return NULL;
	if ((full = cJSON_AddObjectToObject(f, "full_metadata")) == NULL) {
		cJSON_Delete(f);
		return NULL;
	}
	add_str(f, "camera_make", pi->make);
	add_str(f, "camera_model", pi->model);
	add_str(f, "lens_model", pi->lens);
	add_str(f, "focal_length", pi->focal);
	add_str(f, "aperture", pi->aperture);
	add_str(f, "shutter_speed", pi->shutter);
	add_str(f, "photo_taken_at", pi->taken_at);
	if (pi->iso > 0)
		cJSON_AddNumberToObject(f, "iso", pi->iso);
	if (pi->flash >= 0)
		cJSON_AddBoolToObject(f, "flash_used", pi->flash);
	if (pi->orientation > 0)
		cJSON_AddNumberToObject(f, "exif_orientation", pi->orientation);
	if (pi->width > 0 && pi->height > 0) {
		cJSON_AddNumberToObject(f, "width", pi->width);
		cJSON_AddNumberToObject(f, "height", pi->height);
	}
	if (pi->has_gps) {
		cJSON_AddNumberToObject(f, "latitude", pi->latitude);
		cJSON_AddNumberToObject(f, "longitude", pi->longitude);
	}
	if (pi->has_pixels) {
		cJSON_AddNumberToObject(f, "brightness", pi->brightness);
		cJSON_AddNumberToObject(f, "contrast", pi->contrast);
		cJSON_AddNumberToObject(f, "blur_score", pi->blur);
		cJSON_AddNumberToObject(f, "quality_score", pi->quality);
		cJSON_AddBoolToObject(full, "enhancement_candidate",
		    pi->quality < ENHANCE_BELOW);
	}
	add_str(full, "format", pi->format);
	timefmt_rfc3339(time(NULL), ts, sizeof(ts));
	cJSON_AddStringToObject(full, "analyzed_at", ts);
	if (error != NULL)
		cJSON_AddStringToObject(full, "analysis_error", error);
	cJSON_AddBoolToObject(full, "ai_pending", false);
	return f;
}

/* Copy ai[from] to fields[to] if it is an array of strings. */
static void
copy_strings(cJSON *fields, const char *to, const cJSON *ai, const char *from)
{
	const cJSON	*a = cJSON_GetObjectItemCaseSensitive(ai, from), *el;

	if (!cJSON_IsArray(a))
		return;
	cJSON_ArrayForEach(el, a)
		if (!cJSON_IsString(el))
			return;
	cJSON_DeleteItemFromObjectCaseSensitive(fields, to);
	cJSON_AddItemToObject(fields, to, cJSON_Duplicate(a, true));
}

static void
copy_object(cJSON *fields, const char *to, const cJSON *ai, const char *from)
{
	const cJSON	*o = cJSON_GetObjectItemCaseSensitive(ai, from);

	if (!cJSON_IsObject(o))
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(fields, to);
	cJSON_AddItemToObject(fields, to, cJSON_Duplicate(o, true));
}

/* A 0-1 score of the AI replaces the local one: contract §3.2. */
static void
copy_score(cJSON *fields, const char *name, const cJSON *ai)
{
	const cJSON	*n = cJSON_GetObjectItemCaseSensitive(ai, name);

	if (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > 1)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(fields, name);
	cJSON_AddNumberToObject(fields, name, n->valuedouble);
}

void
store_ai_fields(cJSON *fields, const cJSON *ai)
{
	cJSON		*full = cJSON_GetObjectItemCaseSensitive(fields, "full_metadata");
	const cJSON	*q;

	copy_strings(fields, "ai_labels", ai, "labels");
	copy_strings(fields, "ai_objects", ai, "objects");
	copy_strings(fields, "ai_scenes", ai, "scenes");
	copy_strings(fields, "ai_colors", ai, "colors");
	copy_object(fields, "face_detection", ai, "faces");
	copy_object(fields, "text_detection", ai, "text");
	copy_score(fields, "quality_score", ai);
	copy_score(fields, "blur_score", ai);
	copy_score(fields, "brightness", ai);
	copy_score(fields, "contrast", ai);
	q = cJSON_GetObjectItemCaseSensitive(fields, "quality_score");
	if (full != NULL && cJSON_IsNumber(q)) {
		cJSON_DeleteItemFromObjectCaseSensitive(full, "enhancement_candidate");
		cJSON_AddBoolToObject(full, "enhancement_candidate",
		    q->valuedouble < ENHANCE_BELOW);
	}
}

/* sql/functions/20_metadata.sql: only the columns present in $2 change
 * (full_metadata's keys are merged into the row's), the row must be the
 * user's; then media.metadata.updated and the BR-M007 re-check of the
 * user's smart playlists: the same function the metadata API runs. */
static const char sql_store[] =
    "SELECT 1 FROM media_metadata_patch($3::text, $1::text, $2::jsonb)";

/* Contract §4: the AI is retried later with backoff (run_after grows with
 * attempts; see upload_retry_ai). */
static const char sql_retry_queue[] =
    "INSERT INTO analysis_retries (file_id, user_id, image_url, run_after) "
    "VALUES ($1::text, $2::text, $3::text, now() + interval '5 seconds') "
    "ON CONFLICT (user_id, file_id) DO NOTHING";

static const char sql_retry_done[] =
    "DELETE FROM analysis_retries WHERE user_id = $2::text AND file_id = $1::text";

/* Run one statement of the store transaction; *sqlstate gets the
 * SQLSTATE of a failure ("" if none). */
static int
step(const char *sql, int n, const char *a, const char *b, const char *c,
    ExecStatusType want, char sqlstate[6])
{
	PGresult	*res = db_execv(sql, n, a, b, c);
	int		 rc = db_check(NULL, res, want);
	const char	*st;

	if (rc != ST_OK && res != NULL &&
	    (st = PQresultErrorField(res, PG_DIAG_SQLSTATE)) != NULL)
		snprintf(sqlstate, 6, "%s", st);
	PQclear(res);
	return rc;
}

/* One store transaction; *sqlstate as step(). */
static int
store_once(const char *file_id, const char *user_id, const cJSON *fields,
    enum ai_retry retry, const char *image_url, char sqlstate[6])
{
	char	*json = NULL;
	int	 rc;

	sqlstate[0] = '\0';
	if ((json = cJSON_PrintUnformatted(fields)) == NULL)
		return ST_UNAVAILABLE;
	if ((rc = db_begin(NULL)) != ST_OK)
		goto cleanup;
	rc = step(sql_store, 3, file_id, json, user_id, PGRES_TUPLES_OK, sqlstate);
	if (rc == ST_OK && retry == AI_RETRY_QUEUE)
		rc = step(sql_retry_queue, 3, file_id, user_id, image_url,
		    PGRES_COMMAND_OK, sqlstate);
	if (rc == ST_OK && retry == AI_RETRY_DONE)
		rc = step(sql_retry_done, 2, file_id, user_id, NULL, PGRES_COMMAND_OK,
		    sqlstate);
	rc = db_finish(NULL, rc);
cleanup:
	free(json);
	return rc;
}

/* The columns whose values come from a photo's EXIF block. */
static const char *const exif_columns[] = {
	"camera_make", "camera_model", "lens_model", "focal_length", "aperture",
	"shutter_speed", "iso", "flash_used", "exif_orientation", "latitude",
	"longitude", "photo_taken_at"
};

/* fields without the EXIF columns, with analysis_error saying why.
 * Caller deletes; NULL when out of memory. */
static cJSON *
without_exif(const cJSON *fields, const char *sqlstate)
{
	cJSON		*f, *full;
	const cJSON	*old;
	char		 why[400];
	size_t		 i;

	if ((f = cJSON_Duplicate(fields, true)) == NULL)
		return NULL;
	for (i = 0; i < sizeof(exif_columns) / sizeof(exif_columns[0]); i++)
		cJSON_DeleteItemFromObjectCaseSensitive(f, exif_columns[i]);
	if ((full = cJSON_GetObjectItemCaseSensitive(f, "full_metadata")) == NULL &&
	    (full = cJSON_AddObjectToObject(f, "full_metadata")) == NULL) {
		cJSON_Delete(f);
		return NULL;
	}
	old = cJSON_GetObjectItemCaseSensitive(full, "analysis_error");
	snprintf(why, sizeof(why), "%s%sEXIF left out: the database refused a "
	    "value (SQLSTATE %s)", cJSON_IsString(old) ? old->valuestring : "",
	    cJSON_IsString(old) ? "; " : "", sqlstate);
	cJSON_DeleteItemFromObjectCaseSensitive(full, "analysis_error");
	if (cJSON_AddStringToObject(full, "analysis_error", why) == NULL) {
		cJSON_Delete(f);
		return NULL;
	}
	return f;
}

int
store_analysis(const char *file_id, const char *user_id, const cJSON *fields,
    enum ai_retry retry, const char *image_url)
{
	cJSON	*bare = NULL;
	char	 sqlstate[6];
	int	 rc;

	rc = store_once(file_id, user_id, fields, retry, image_url, sqlstate);
	/* A data exception (SQLSTATE class 22: a date or number PostgreSQL
	 * will not take) must not cost the size and metrics: store again
	 * without the EXIF values. */
	if (rc == ST_INVALID && strncmp(sqlstate, "22", 2) == 0) {
		log_warn("store_analysis: %s: SQLSTATE %s; storing without EXIF",
		    file_id, sqlstate);
		rc = ST_UNAVAILABLE;
		if ((bare = without_exif(fields, sqlstate)) != NULL)
			rc = store_once(file_id, user_id, bare, retry, image_url,
			    sqlstate);
	}
	if (rc != ST_OK)
		log_error("store_analysis: %s: not stored (status %d)", file_id, rc);
	cJSON_Delete(bare);
	return rc;
}
