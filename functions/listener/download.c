/* download.c: the cache download worker (contract §3.5, BR-M008, BR-M010,
 * EC-M005): takes jobs from cache_jobs (sql/004), many at once with the
 * libcurl multi interface, and writes each file through a dot-named temp
 * file (nginx refuses dotfiles) renamed into place. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libpq-fe.h>

#include "cachefile.h"
#include "config.h"
#include "db.h"
#include "listener.h"
#include "log.h"
#include "status.h"

#define SLOTS			16	/* downloads in flight per listener */
#define IDLE_POLL_MS		200
#define DOWN_POLL_MS		2000	/* the database is away: ask less often */
#define ID_LEN			51

struct slot {
	CURL	*easy;			/* NULL: the slot is free */
	FILE	*fp;
	char	 cache_id[ID_LEN], user[ID_LEN], frame[ID_LEN];
	char	 quality[ID_LEN];
	char	 dir[PATH_MAX], tmp[PATH_MAX];
};

struct worker {
	CURLM		*multi;
	struct slot	 slot[SLOTS];
	int		 busy;
	long		 lease_s, timeout_ms, max_bytes;
	int		 poll_ms;		/* between takes when idle */
	long		 quota_entries, quota_bytes;
};

/* mkdir -p for dir (under the cache folder, which exists). */
static int
make_dirs(const char *dir)
{
	char	 p[PATH_MAX];
	char	*s;

	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return -1;
	for (s = p + strlen(config_get()->cache_dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* BR-M010: back to pending with retry_count + 1 after 1, 2, 4 s; after
 * the third failed retry the entry fails and its job is gone. */
static const char sql_failed[] =
    "WITH p AS (UPDATE photo_cache SET "
    "  cache_status = CASE WHEN retry_count >= 3 THEN 'failed' ELSE 'pending' END, "
    "  retry_count = least(retry_count + 1, 3), error_message = $2::text, updated_at = now() "
    "  WHERE cache_id = $1::text AND cache_status = 'downloading' "
    "  RETURNING cache_status, retry_count), "
    "d AS (DELETE FROM cache_jobs WHERE cache_id = $1::text "
    "  AND EXISTS (SELECT 1 FROM p WHERE cache_status = 'failed')) "
    "UPDATE cache_jobs SET locked_until = NULL, attempts = attempts + 1, "
    "  run_after = now() + make_interval(secs => power(2, (SELECT retry_count FROM p) - 1)) "
    "WHERE cache_id = $1::text AND EXISTS (SELECT 1 FROM p WHERE cache_status = 'pending')";

static void
failed(struct slot *s, const char *why)
{
	PGresult	*res;

	log_warn("download: %s: %s", s->cache_id, why);
	res = db_execv(sql_failed, 2, s->cache_id, why);
	db_check(NULL, res, PGRES_COMMAND_OK);
	PQclear(res);
}

/* Only an entry still downloading becomes cached; its job goes with it. */
static const char sql_cached[] =
    "WITH e AS (UPDATE photo_cache SET cache_status = 'cached', cached_url = $2::text, "
    "  local_path = $3::text, cache_size = $4::bigint, cache_format = coalesce(cache_format, $5::text), "
    "  error_message = NULL, expires_at = now() + interval '30 days', updated_at = now() "
    "  WHERE cache_id = $1::text AND cache_status = 'downloading' RETURNING *), "
    "d AS (DELETE FROM cache_jobs WHERE cache_id IN (SELECT cache_id FROM e)), "
    "o AS (INSERT INTO outbox (event_type, aggregate_id, payload) "
    "  SELECT 'media.cache.ready', cache_id, jsonb_build_object('cache_id', cache_id, "
    "    'frame_id', frame_id, 'photo_id', photo_id, 'user_id', user_id, "
    "    'cached_url', cached_url, 'cache_size', cache_size) FROM e) "
    "SELECT count(*) FROM e";

/* EC-M005: over the frame's quota (entries or bytes) the least recently
 * used cached entries go (sql/038, the API's LRU rule); the new one stays. */
static const char sql_quota[] =
    "SELECT user_id, frame_id, cache_id "
    "FROM media_cache_evict($1::text, $2::text, $4::bigint, $5::bigint, $3::text, true)";

/* Record the file at path as the entry's; false if the entry is gone. */
static int
record(struct worker *w, struct slot *s, const char *path, const char *ext,
    long long size, bool *kept)
{
	PGresult	*res = NULL, *ev = NULL;
	char		*url = NULL, size_s[24], qe[24], qb[24];
	int		 rc;

	*kept = false;
	if (asprintf(&url, "%s/cached/%s/%s/%s.%s", config_get()->public_url,
	    s->user, s->frame, s->cache_id, ext) < 0) {
		url = NULL;
		return ST_UNAVAILABLE;
	}
	snprintf(size_s, sizeof(size_s), "%lld", size);
	snprintf(qe, sizeof(qe), "%ld", w->quota_entries);
	snprintf(qb, sizeof(qb), "%ld", w->quota_bytes);
	if ((rc = db_begin(NULL)) != ST_OK)
		goto cleanup;
	res = db_execv(sql_cached, 5, s->cache_id, url, path, size_s, ext);
	if ((rc = db_check(NULL, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	*kept = strcmp(PQgetvalue(res, 0, 0), "1") == 0;
	if (*kept) {
		ev = db_execv(sql_quota, 5, s->user, s->frame, s->cache_id, qe, qb);
		rc = db_check(NULL, ev, PGRES_TUPLES_OK);
	}
cleanup:
	rc = db_finish(NULL, rc);
	if (rc == ST_OK && ev != NULL)
		cachefile_remove_rows(ev, 0);
	PQclear(res);
	PQclear(ev);
	free(url);
	return rc;
}

/* A transfer ended: keep the file or count the failure. */
static void
finish(struct worker *w, struct slot *s, CURLcode cc)
{
	char		 final[PATH_MAX], small[PATH_MAX], why[200];
	const char	*file = s->tmp;
	struct stat	 st;
	long		 code = 0;
	bool		 kept = false;
	/* XXX issue 9: the lead's download.c takes the box from the frame. */
	int		 bound = strcmp(s->quality, "high") == 0 ? 2560 :
			    strcmp(s->quality, "medium") == 0 ? 1920 :
			    strcmp(s->quality, "low") == 0 ? 1280 : 0;
	struct render_spec spec = { bound, bound, FIT_CONTAIN,
			    strcmp(s->quality, "original") == 0 };
	struct render_result rr;

	curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &code);
	if (fclose(s->fp) != 0 && cc == CURLE_OK)
		cc = CURLE_WRITE_ERROR;
	s->fp = NULL;
	if (snprintf(small, sizeof(small), "%s/.%s.small", s->dir, s->cache_id) >=
	    (int)sizeof(small))
		small[0] = '\0';
	if (cc != CURLE_OK || code < 200 || code > 299) {
		snprintf(why, sizeof(why), "download failed: %s",
		    cc != CURLE_OK ? curl_easy_strerror(cc) : "");
		if (cc == CURLE_OK)
			snprintf(why, sizeof(why), "download failed: HTTP %ld", code);
		failed(s, why);
		goto cleanup;
	}
	if (image_render(s->tmp, small, &spec, &rr, why, sizeof(why)) != ST_OK) {
		failed(s, why);
		goto cleanup;
	}
	if (!rr.kept)
		file = small;
	if (snprintf(final, sizeof(final), "%s/%s.%s", s->dir, s->cache_id, rr.ext) >=
	    (int)sizeof(final) || stat(file, &st) != 0 || rename(file, final) != 0) {
		failed(s, "cannot write the cache file");
		goto cleanup;
	}
	if (record(w, s, final, rr.ext, (long long)st.st_size, &kept) != ST_OK || !kept)
		unlink(final);	/* entry deleted meanwhile, or not recorded */
	else
		log_info("download: %s cached", s->cache_id);
cleanup:
	unlink(s->tmp);
	if (small[0] != '\0')
		unlink(small);
}

static void
release(struct worker *w, struct slot *s)
{
	curl_multi_remove_handle(w->multi, s->easy);
	curl_easy_cleanup(s->easy);
	if (s->fp != NULL)
		fclose(s->fp);
	s->easy = NULL;
	s->fp = NULL;
	w->busy--;
}

/* Start the transfer of one taken job (row of the take statement). */
static void
start(struct worker *w, struct slot *s, const PGresult *res, int i)
{
	const char	*cloud = PQgetisnull(res, i, 5) ? "" : PQgetvalue(res, i, 5);
	char		*url, dir[PATH_MAX], tmp[PATH_MAX];

	snprintf(s->cache_id, sizeof(s->cache_id), "%s", PQgetvalue(res, i, 0));
	snprintf(s->user, sizeof(s->user), "%s", PQgetvalue(res, i, 1));
	snprintf(s->frame, sizeof(s->frame), "%s", PQgetvalue(res, i, 2));
	snprintf(s->quality, sizeof(s->quality), "%s", PQgetvalue(res, i, 4));
	url = cloud[0] != '\0' ? strdup(cloud) :
	    fetch_storage_url(s->user, PQgetvalue(res, i, 6));
	if (url == NULL || !fetch_allowed(url)) {
		failed(s, url == NULL ? "out of memory" : "the download host is not allowed");
		goto cleanup;
	}
	/* Ids are valid_is_id-checked by the writers: no '/', no leading '.'. */
	if (snprintf(dir, sizeof(dir), "%s/%s/%s", config_get()->cache_dir,
	    s->user, s->frame) >= (int)sizeof(dir) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.part", dir, s->cache_id) >=
	    (int)sizeof(tmp) || make_dirs(dir) != 0 ||
	    (s->fp = fopen(tmp, "wb")) == NULL) {
		failed(s, "cannot create the cache file");
		goto cleanup;
	}
	memcpy(s->dir, dir, sizeof(dir));
	memcpy(s->tmp, tmp, sizeof(tmp));
	if ((s->easy = fetch_easy(url, w->timeout_ms)) == NULL) {
		fclose(s->fp);
		s->fp = NULL;
		failed(s, "out of memory");
		goto cleanup;
	}
	curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, s->fp);
	curl_easy_setopt(s->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)w->max_bytes);
	curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
	curl_multi_add_handle(w->multi, s->easy);
	w->busy++;
cleanup:
	free(url);
}

/* Lease up to n due jobs, highest priority first (BR-M008); a worker that
 * dies leaves leases that expire, and the jobs are taken again (004). */
static const char sql_take[] =
    "WITH j AS (SELECT job_id FROM cache_jobs "
    "  WHERE run_after <= now() AND (locked_until IS NULL OR locked_until < now()) "
    "  ORDER BY priority DESC, run_after, job_id LIMIT $1::int FOR UPDATE SKIP LOCKED), "
    "u AS (UPDATE cache_jobs c SET locked_until = now() + make_interval(secs => $2::int) "
    "  FROM j WHERE c.job_id = j.job_id RETURNING c.cache_id), "
    "e AS (UPDATE photo_cache p SET cache_status = 'downloading', updated_at = now() "
    "  FROM u WHERE p.cache_id = u.cache_id RETURNING p.*) "
    "SELECT e.cache_id, e.user_id, e.frame_id, e.photo_id, "
    "  coalesce(e.cache_quality, 'original'), v.cloud_url, coalesce(v.file_id, e.photo_id) "
    "FROM e LEFT JOIN LATERAL (SELECT cloud_url, file_id FROM photo_versions pv "
    "  WHERE pv.user_id = e.user_id AND (pv.version_id = e.version_id "
    "    OR (e.version_id IS NULL AND pv.photo_id = e.photo_id AND pv.is_current)) "
    "  LIMIT 1) v ON true";

/* True when every free slot got a job (more may be waiting). */
static bool
take(struct worker *w)
{
	PGresult	*res;
	char		 n_s[12], lease_s[24];
	int		 i, k = 0, n;

	snprintf(n_s, sizeof(n_s), "%d", SLOTS - w->busy);
	snprintf(lease_s, sizeof(lease_s), "%ld", w->lease_s);
	res = db_execv(sql_take, 2, n_s, lease_s);
	if (db_check(NULL, res, PGRES_TUPLES_OK) != ST_OK) {
		PQclear(res);
		w->poll_ms = DOWN_POLL_MS;
		return false;
	}
	w->poll_ms = IDLE_POLL_MS;
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		while (w->slot[k].easy != NULL)
			k++;
		start(w, &w->slot[k], res, i);
	}
	PQclear(res);
	return n > 0 && n == SLOTS - (w->busy - n);
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* At shutdown: give the jobs in hand back at once instead of letting
 * their leases run out. */
static const char sql_give_back[] =
    "WITH j AS (UPDATE cache_jobs SET locked_until = NULL WHERE cache_id = $1::text) "
    "UPDATE photo_cache SET cache_status = 'pending' "
    "WHERE cache_id = $1::text AND cache_status = 'downloading'";

static void
give_back(struct worker *w)
{
	PGresult	*res;
	int		 i;

	for (i = 0; i < SLOTS; i++) {
		if (w->slot[i].easy == NULL)
			continue;
		res = db_execv(sql_give_back, 1, w->slot[i].cache_id);
		db_check(NULL, res, PGRES_COMMAND_OK);
		PQclear(res);
		release(w, &w->slot[i]);
		unlink(w->slot[i].tmp);
	}
}

void *
download_main(void *arg)
{
	struct worker	 w = { 0 };
	CURLMsg		*m;
	struct slot	*s;
	long long	 last_take = 0;
	int		 running, left;
	bool		 full = false, want = true;

	(void)arg;
	w.poll_ms = IDLE_POLL_MS;
	w.lease_s = listener_env("MEDIA_CACHE_LEASE_S", 60);
	w.timeout_ms = listener_env("MEDIA_CACHE_TIMEOUT_MS", 30000);
	w.max_bytes = listener_env("MEDIA_STORAGE_MAX_BYTES", 64L * 1024 * 1024);
	w.quota_entries = listener_env("MEDIA_CACHE_QUOTA_ENTRIES", 500);
	w.quota_bytes = listener_env("MEDIA_CACHE_QUOTA_BYTES", 2048L * 1024 * 1024);
	if (w.timeout_ms / 1000 >= w.lease_s)	/* a lease outlives its transfer */
		w.timeout_ms = (w.lease_s - 1) * 1000 + 500;
	if ((w.multi = curl_multi_init()) == NULL) {
		log_error("download: curl_multi_init failed");
		return NULL;
	}
	while (!listener_stopping) {
		/* Take jobs when a slot freed up, after a full take, or every
		 * IDLE_POLL_MS; not on every wake-up of a running transfer. */
		if (w.busy < SLOTS && (want || full ||
		    now_ms() - last_take >= w.poll_ms)) {
			full = take(&w);
			last_take = now_ms();
			want = false;
		}
		curl_multi_perform(w.multi, &running);
		while ((m = curl_multi_info_read(w.multi, &left)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
			finish(&w, s, m->data.result);
			release(&w, s);
			want = true;
		}
		if (!want && !(full && w.busy < SLOTS))
			curl_multi_poll(w.multi, NULL, 0, w.poll_ms, NULL);
	}
	give_back(&w);
	curl_multi_cleanup(w.multi);
	db_close();
	image_thread_done();
	return NULL;
}
