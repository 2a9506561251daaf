/* upload.c: file.uploaded (contract §4): the metadata row and the original
 * version, then the analysis: bytes, image (format, size, EXIF, pixel
 * metrics), the AI service. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "config.h"
#include "db.h"
#include "listener.h"
#include "log.h"
#include "stats.h"
#include "status.h"
#include "valid.h"

#define URL_MAX			2048
#define NAME_MAX_CHARS		255
#define DEFAULT_TIMEOUT_MS	30000L

/* The uploader's own rows (sql/051: keyed by user_id and file_id), so
 * another user's photo of the same id, even one made first, is neither
 * touched nor in the way. */
static const char sql_meta_row[] =
    "INSERT INTO photo_metadata (file_id, user_id, organization_id) "
    "VALUES ($1::text, $2::text, $3::text) ON CONFLICT (user_id, file_id) DO NOTHING";

/* The row is locked so a concurrent redelivery waits for this one. */
static const char sql_meta_state[] =
    "SELECT full_metadata ? 'analyzed_at' FROM photo_metadata "
    "WHERE user_id = $2::text AND file_id = $1::text FOR UPDATE";

/* photo_id = file_id (contract §3.1); current unless another version is.
 * A file's life cycle: no media.version.created (file.uploaded announces
 * it; media_file_lifecycle, sql/functions/80_outbox.sql). */
static const char sql_original[] =
    "INSERT INTO photo_versions (version_id, photo_id, user_id, organization_id, "
    "  version_name, version_type, file_id, cloud_url, is_current, version_number) "
    "SELECT 'ver_' || encode(gen_random_bytes(12), 'hex'), $1::text, $2::text, $3::text, "
    "  coalesce($4::text, 'original'), 'original', $1::text, $5::text, "
    "  NOT EXISTS (SELECT 1 FROM photo_versions "
    "    WHERE user_id = $2::text AND photo_id = $1::text AND is_current), "
    "  coalesce((SELECT max(version_number) FROM photo_versions "
    "    WHERE user_id = $2::text AND photo_id = $1::text), 0) + 1 "
    "WHERE media_file_lifecycle() AND NOT EXISTS (SELECT 1 FROM photo_versions "
    "  WHERE user_id = $2::text AND photo_id = $1::text AND version_type = 'original') "
    "ON CONFLICT (user_id, photo_id) WHERE version_type = 'original' DO NOTHING";

/*
 * The rows every upload has, made once. *done: the photo was analysed
 * already (a redelivery).
 */
static int
ensure_rows(const char *file, const char *user, const char *org,
    const char *name, const char *url, bool *done)
{
	PGresult	*res = NULL;
	int		 rc;

	if ((rc = db_begin(NULL)) != ST_OK)
		return rc;
	res = db_execv(sql_meta_row, 3, file, user, org);
	if ((rc = db_check(NULL, res, PGRES_COMMAND_OK)) != ST_OK)
		goto cleanup;
	PQclear(res);
	res = db_execv(sql_meta_state, 2, file, user);
	if ((rc = db_check(NULL, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (PQntuples(res) != 1) {	/* erased in between: try again */
		rc = ST_UNAVAILABLE;
		goto cleanup;
	}
	*done = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	res = db_execv(sql_original, 5, file, user, org, name, url);
	rc = db_check(NULL, res, PGRES_COMMAND_OK);
cleanup:
	PQclear(res);
	return db_finish(NULL, rc);
}

/* sql/049: the user was erased after JetStream stored this upload. */
static const char sql_erased_after[] =
    "SELECT EXISTS (SELECT 1 FROM erased_users "
    "  WHERE user_id = $1::text AND erased_at >= to_timestamp($2::double precision))";

/* *stale: ev is a redelivery from before the user's erasure: its rows were
 * erased with the rest and must not come back (issue 10 finding 8). */
static int
erased_after(const struct event *ev, const char *file, const char *user, bool *stale)
{
	PGresult	*res;
	char		 at[48];
	int		 rc;

	res = db_execv(sql_erased_after, 2, user, stored_at(ev, at, sizeof(at)));
	if ((rc = db_check(NULL, res, PGRES_TUPLES_OK)) == ST_OK &&
	    (*stale = PQgetvalue(res, 0, 0)[0] == 't'))
		log_info("file.uploaded: %s: sent before its user was erased; dropped", file);
	PQclear(res);
	return rc;
}

/* Fetch, analyse and ask the AI; then store. Transient failures return
 * ST_UNAVAILABLE for a redelivery, unless it is the last attempt. */
static int
analyze(const struct event *ev, const char *file, const char *user,
    const char *url)
{
	struct photo_info	 pi = { .flash = -1 };
	struct buf		 bytes = { .max = (size_t)config_long(
				    "MEDIA_STORAGE_MAX_BYTES", CONFIG_STORAGE_MAX_BYTES) };
	cJSON			*fields = NULL, *ai = NULL;
	char			 err[300] = "", why[256];
	const char		*error = NULL;
	enum ai_retry		 retry = AI_RETRY_NONE;
	int			 rc;

	if (!fetch_allowed(url)) {
		error = "the download host is not allowed";
	} else if ((rc = fetch_get(url, config_long("MEDIA_STORAGE_TIMEOUT_MS",
	    DEFAULT_TIMEOUT_MS), &bytes, why, sizeof(why))) != ST_OK) {
		log_warn("file.uploaded: %s: fetch: %s", file, why);
		if (rc == ST_UNAVAILABLE && !ev->last_attempt)
			goto cleanup;
		snprintf(err, sizeof(err), "download failed: %s", why);
		error = err;
	} else if ((rc = image_analyze(bytes.data, bytes.len, &pi, err,
	    sizeof(err))) != ST_OK) {
		/* What was found (format, EXIF) is stored with the reason. */
		if (rc == ST_UNAVAILABLE && !ev->last_attempt)
			goto cleanup;	/* out of memory: try again later */
		error = err;
	}
	rc = ST_UNAVAILABLE;
	if ((fields = store_local_fields(&pi, error)) == NULL)
		goto cleanup;
	/* The AI sees only images we could read; a slow answer must not
	 * let JetStream think we died and redeliver meanwhile. */
	if (error == NULL && config_get()->ai_url[0] != '\0') {
		natsMsg_InProgress(ev->msg, NULL);
		if (ai_analyze(file, user, url, &ai) == ST_OK)
			store_ai_fields(fields, ai);
		else {
			cJSON_ReplaceItemInObjectCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(fields, "full_metadata"),
			    "ai_pending", cJSON_CreateTrue());
			retry = AI_RETRY_QUEUE;
		}
	}
	if (error != NULL)
		log_warn("file.uploaded: %s: %s", file, error);
	if ((rc = store_analysis(file, user, fields, retry, url)) == ST_OK)
		log_info("file.uploaded: %s analysed", file);
cleanup:
	cJSON_Delete(fields);
	cJSON_Delete(ai);
	buf_free(&bytes);
	return rc;
}

int
ev_file_uploaded(const struct event *ev)
{
	const char	*file = ev_str(ev->data, "file_id");
	const char	*user = ev_str(ev->data, "user_id");
	const char	*org = ev_str(ev->data, "organization_id");
	const char	*name = ev_str(ev->data, "file_name");
	const char	*dl = ev_str(ev->data, "download_url");
	char		*url = NULL;
	size_t		 n_chars;
	struct timespec	 t0, t1;
	bool		 done = false;
	int		 rc;

	if (file == NULL || !valid_is_id(file) || user == NULL ||
	    !valid_is_id(user) || (org != NULL && !valid_is_id(org)) ||
	    (dl != NULL && (strlen(dl) > URL_MAX || !valid_is_text(dl, &n_chars))))
		return ST_INVALID;
	if (name != NULL && (!valid_is_text(name, &n_chars) || n_chars > NAME_MAX_CHARS ||
	    n_chars == 0))
		name = NULL;	/* a bad name is not worth losing the photo */
	if ((rc = erased_after(ev, file, user, &done)) != ST_OK || done)
		return rc;
	if ((rc = ensure_rows(file, user, org, name, dl, &done)) != ST_OK || done)
		return rc;
	if (dl != NULL)
		url = strdup(dl);
	else
		url = fetch_storage_url(user, file);
	if (url == NULL)
		return ST_UNAVAILABLE;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = analyze(ev, file, user, url);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* media_ai_analysis_duration_seconds of GET /metrics. */
	stats_time("ai_analysis", (double)(t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(url);
	return rc;
}

/* Contract §4: AI unreachable or failing is retried later. The lease lets
 * another listener take it if this one dies; backoff doubles from 5 s
 * and stays at most an hour apart. */
static const char sql_retry_take[] =
    "UPDATE analysis_retries r SET locked_until = now() + interval '60 seconds', "
    "  attempts = r.attempts + 1 "
    "FROM (SELECT user_id, file_id FROM analysis_retries "
    "      WHERE run_after <= now() AND (locked_until IS NULL OR locked_until < now()) "
    "      ORDER BY run_after LIMIT 1 FOR UPDATE SKIP LOCKED) s "
    "WHERE r.user_id = s.user_id AND r.file_id = s.file_id "
    "RETURNING r.file_id, r.user_id, r.image_url";

static const char sql_retry_later[] =
    "UPDATE analysis_retries SET locked_until = NULL, "
    "  run_after = now() + least(interval '1 hour', "
    "    interval '5 seconds' * power(2, least(attempts, 10))) "
    "WHERE user_id = $2::text AND file_id = $1::text";

void
upload_retry_ai(void)
{
	PGresult	*res = NULL, *later = NULL;
	cJSON		*fields = NULL, *full, *ai = NULL;
	const char	*file, *user, *url;

	if (config_get()->ai_url[0] == '\0')
		return;
	res = db_execv(sql_retry_take, 0);
	if (db_check(NULL, res, PGRES_TUPLES_OK) != ST_OK || PQntuples(res) != 1)
		goto cleanup;
	file = PQgetvalue(res, 0, 0);
	user = PQgetvalue(res, 0, 1);
	url = PQgetvalue(res, 0, 2);
	if (ai_analyze(file, user, url, &ai) == ST_OK &&
	    (fields = cJSON_CreateObject()) != NULL &&
	    (full = cJSON_AddObjectToObject(fields, "full_metadata")) != NULL &&
	    cJSON_AddBoolToObject(full, "ai_pending", false) != NULL) {
		store_ai_fields(fields, ai);
		if (store_analysis(file, user, fields, AI_RETRY_DONE, url) == ST_OK) {
			log_info("upload_retry_ai: %s: AI analysis stored", file);
			goto cleanup;
		}
	}
	later = db_execv(sql_retry_later, 2, file, user);
	db_check(NULL, later, PGRES_COMMAND_OK);
cleanup:
	PQclear(res);
	PQclear(later);
	cJSON_Delete(fields);
	cJSON_Delete(ai);
}
