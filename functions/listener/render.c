/* render.c: the render pool of the cache download worker (issue 9 §5): a
 * downloaded file becomes the file a frame gets (image_render), is renamed
 * into place and recorded. A few threads, each with its own database
 * connection (db.c keeps one per thread), so that download.c's transfers
 * never wait for pixels and a 2-core machine renders on both cores. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "cachefile.h"
#include "config.h"
#include "db.h"
#include "listener.h"
#include "log.h"
#include "status.h"

#define MAX_THREADS	16

static struct {
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;
	struct cache_job	*head, *tail;	/* queued, oldest first */
	int			 busy;		/* queued + in render */
	bool			 stopping;
	int			 n_threads;
	pthread_t		 threads[MAX_THREADS];
	long			 quota_entries, quota_bytes;
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

/* The entry, then the job, locked while our lease ($2) holds the job
 * (media_cache_lease_hold, sql/052: the README's lock order): nobody
 * takes it again before we commit, and a worker whose lease was taken
 * again learns that the job is no longer its own. */
static const char sql_lease_hold[] =
    "SELECT media_cache_lease_hold($1::text, $2::text)";

/* Inside a transaction: lock as above; *mine says whether the lease holds. */
static int
lease_hold(const struct cache_job *j, bool *mine)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_lease_hold, 2, j->cache_id, j->lease);
	rc = db_check(NULL, res, PGRES_TUPLES_OK);
	*mine = rc == ST_OK && PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return rc;
}

/* A worker whose lease was taken again (its transfer outlived the lease,
 * or the entry went) drops what it made: the job is another's now. */
static void
lease_lost(const struct cache_job *j)
{
	log_warn("download: %s: the lease was taken again (or the entry deleted); "
	    "this copy is dropped", j->cache_id);
}

/* Run sql (n params) in a transaction that holds the entry and the job
 * first, and only while the lease is ours (lease_lost otherwise). Logged by db_check on failure:
 * the lease then runs out and the job is taken again. */
static void
lease_exec(const struct cache_job *j, const char *sql, int n, const char *const *params)
{
	PGresult	*res = NULL;
	bool		 mine = false;
	int		 rc;

	if ((rc = db_begin(NULL)) == ST_OK && (rc = lease_hold(j, &mine)) == ST_OK && mine) {
		res = db_exec(sql, n, params);
		rc = db_check(NULL, res, PGRES_COMMAND_OK);
	} else if (rc == ST_OK)
		lease_lost(j);
	db_finish(NULL, rc);
	PQclear(res);
}

/* BR-M010: back to pending with retry_count + 1 after 1, 2, 4 s; after
 * the third failed retry (or at once when $3, a bad file: retrying cannot
 * help) the entry fails and its job is gone. A job on a cached entry is a
 * re-render for a new display profile: the entry keeps its file and the
 * job backs off the same way, then goes. */
static const char sql_failed[] =
    "WITH t AS (SELECT 1 FROM cache_jobs WHERE cache_id = $1::text AND lease_token = $4::text), "
    "p AS (UPDATE photo_cache SET "
    "  cache_status = CASE WHEN $3::boolean OR retry_count >= 3 THEN 'failed' ELSE 'pending' END, "
    "  retry_count = CASE WHEN $3::boolean THEN retry_count ELSE least(retry_count + 1, 3) END, "
    "  error_message = $2::text, updated_at = now() "
    "  WHERE cache_id = $1::text AND cache_status = 'downloading' AND EXISTS (SELECT 1 FROM t) "
    "  RETURNING cache_status, retry_count), "
    "k AS (SELECT 1 FROM photo_cache WHERE cache_id = $1::text AND cache_status = 'cached' "
    "  AND EXISTS (SELECT 1 FROM t)), "
    "d AS (DELETE FROM cache_jobs WHERE cache_id = $1::text "
    "  AND (EXISTS (SELECT 1 FROM p WHERE cache_status = 'failed') "
    "       OR (EXISTS (SELECT 1 FROM k) AND ($3::boolean OR attempts >= 3)))) "
    "UPDATE cache_jobs SET locked_until = NULL, attempts = attempts + 1, "
    "  run_after = now() + make_interval(secs => power(2, "
    "    coalesce((SELECT retry_count FROM p) - 1, attempts))) "
    "WHERE cache_id = $1::text AND (EXISTS (SELECT 1 FROM p WHERE cache_status = 'pending') "
    "  OR (EXISTS (SELECT 1 FROM k) AND NOT $3::boolean AND attempts < 3))";

void
render_failed(struct cache_job *j, const char *why, bool permanent)
{
	const char	*params[] = { j->cache_id, why, permanent ? "true" : "false", j->lease };

	log_warn("download: %s: %s%s", j->cache_id, why, permanent ? " (permanent)" : "");
	lease_exec(j, sql_failed, 4, params);
	unlink(j->tmp);
}

/* Only while the lease is ours ($2): a job taken again is another's. */
static const char sql_give_back[] =
    "WITH j AS (UPDATE cache_jobs SET locked_until = NULL, lease_token = NULL "
    "  WHERE cache_id = $1::text AND lease_token = $2::text RETURNING cache_id) "
    "UPDATE photo_cache SET cache_status = 'pending' "
    "WHERE cache_id IN (SELECT cache_id FROM j) AND cache_status = 'downloading'";

void
render_give_back(struct cache_job *j)
{
	const char	*params[] = { j->cache_id, j->lease };

	lease_exec(j, sql_give_back, 2, params);
	unlink(j->tmp);
}

/*
 * Only an entry still downloading (or cached: a re-render) takes the file;
 * the statement returns the file it replaces, for removal after commit.
 * Its job goes with it, unless the frame's profile changed while this
 * render was made ($8 is the profile it was made for): then the job is
 * due again at once. media.cache.ready says the file is there: the
 * photo_cache trigger writes it (sql/functions/80_outbox.sql).
 */
static const char sql_cached[] =
    "WITH old AS (SELECT local_path FROM photo_cache WHERE cache_id = $1::text), "
    "e AS (UPDATE photo_cache SET cache_status = 'cached', cached_url = $2::text, "
    "  local_path = $3::text, cache_size = $4::bigint, cache_format = $5::text, "
    "  width = $6::int, height = $7::int, render_spec = nullif($8::text, ''), "
    "  error_message = NULL, expires_at = now() + interval '30 days', updated_at = now() "
    "  WHERE cache_id = $1::text AND cache_status IN ('downloading', 'cached') "
    "  RETURNING cache_id, "
    "    cache_quality IS NOT DISTINCT FROM 'display' AND render_spec IS DISTINCT FROM "
    "      (SELECT d.render_spec FROM media_frame_display(user_id, frame_id) d) AS again), "
    "d AS (DELETE FROM cache_jobs WHERE cache_id IN (SELECT cache_id FROM e WHERE NOT again)), "
    "r AS (UPDATE cache_jobs SET locked_until = NULL, lease_token = NULL, run_after = now() "
    "  WHERE cache_id IN (SELECT cache_id FROM e WHERE again)) "
    "SELECT (SELECT count(*) FROM e), (SELECT local_path FROM old)";

/* EC-M005: over the frame's quota (entries or bytes) the least recently
 * used cached entries go (the API's LRU rule); the new one stays. */
static const char sql_quota[] =
    "SELECT user_id, frame_id, cache_id "
    "FROM media_cache_evict($1::text, $2::text, $4::bigint, $5::bigint, $3::text, true)";

/* After record()'s commit, in a transaction of its own: the entries it
 * evicts may sort before the recorded one, and entries are locked in
 * cache_id order (sql/052). Should the process die in between, the next
 * record of the frame applies the quota. */
static void
quota(const struct cache_job *j)
{
	PGresult	*ev;
	char		 qe[24], qb[24];

	snprintf(qe, sizeof(qe), "%ld", pool.quota_entries);
	snprintf(qb, sizeof(qb), "%ld", pool.quota_bytes);
	ev = db_execv(sql_quota, 5, j->user, j->frame, j->cache_id, qe, qb);
	if (db_check(NULL, ev, PGRES_TUPLES_OK) == ST_OK)
		cachefile_remove_rows(ev, 0);
	PQclear(ev);
}

/*
 * Put the file src in place as final and record it as the entry's, in one
 * transaction that holds our lease: the rename happens only while the job
 * is ours, so a worker whose lease was taken again never replaces (or
 * removes) the new holder's file. *kept: the entry has the file now;
 * *replaced: the path of the file it had, if another (caller frees).
 */
static int
record(struct cache_job *j, const char *src, const char *final,
    const struct render_result *rr, long long size, bool *kept, char **replaced)
{
	PGresult	*res = NULL;
	char		*url = NULL, size_s[24], w_s[16], h_s[16];
	bool		 moved = false, mine;
	int		 rc;

	*kept = false;
	*replaced = NULL;
	/* A display render's URL names its size: a profile change gives a new
	 * URL, so no browser shows the old render from its cache. */
	if ((strcmp(j->quality, "display") == 0 ?
	    asprintf(&url, "%s/cached/%s/%s/%s.%s?v=%dx%d", config_get()->public_url,
	    j->user, j->frame, j->cache_id, rr->ext, rr->width, rr->height) :
	    asprintf(&url, "%s/cached/%s/%s/%s.%s", config_get()->public_url,
	    j->user, j->frame, j->cache_id, rr->ext)) < 0)
		return ST_UNAVAILABLE;
	snprintf(size_s, sizeof(size_s), "%lld", size);
	snprintf(w_s, sizeof(w_s), "%d", rr->width);
	snprintf(h_s, sizeof(h_s), "%d", rr->height);
	if ((rc = db_begin(NULL)) != ST_OK || (rc = lease_hold(j, &mine)) != ST_OK)
		goto cleanup;
	if (!mine) {
		lease_lost(j);
		goto cleanup;	/* nothing to record: not an error */
	}
	if (rename(src, final) != 0) {
		log_warn("download: %s: rename: %s", j->cache_id, strerror(errno));
		rc = ST_UNAVAILABLE;
		goto cleanup;
	}
	moved = true;
	res = db_execv(sql_cached, 8, j->cache_id, url, final, size_s, rr->ext, w_s, h_s,
	    j->render_spec);
	if ((rc = db_check(NULL, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	*kept = strcmp(PQgetvalue(res, 0, 0), "1") == 0;
cleanup:
	rc = db_finish(NULL, rc);
	if (rc != ST_OK)
		*kept = false;
	if (moved && !*kept)
		unlink(final);	/* the entry was deleted meanwhile, or not recorded */
	if (*kept && !PQgetisnull(res, 0, 1) && strcmp(PQgetvalue(res, 0, 1), final) != 0)
		*replaced = strdup(PQgetvalue(res, 0, 1));
	if (*kept)
		quota(j);
	PQclear(res);
	free(url);
	return rc;
}

/* Render one job, put its file in place and record it. */
static void
process(struct cache_job *j)
{
	struct render_result	 rr;
	struct stat		 st;
	char			 out[PATH_MAX], final[PATH_MAX], why[300];
	char			*replaced = NULL;
	const char		*file;
	bool			 kept = false;
	int			 rc;

	/* Our lease's token in the name: a second worker on the same job (a
	 * lease that ran out) never writes over this one's file. */
	if (snprintf(out, sizeof(out), "%s/.%s.%s.render", j->dir, j->cache_id,
	    j->lease) >= (int)sizeof(out)) {
		render_failed(j, "cannot write the cache file", false);
		return;
	}
	rc = image_render(j->tmp, out, &j->spec, &rr, why, sizeof(why));
	if (rc != ST_OK) {
		render_failed(j, why, rc == ST_INVALID);
		goto cleanup;
	}
	file = rr.kept ? j->tmp : out;
	if (snprintf(final, sizeof(final), "%s/%s.%s", j->dir, j->cache_id, rr.ext) >=
	    (int)sizeof(final) || stat(file, &st) != 0) {
		render_failed(j, "cannot write the cache file", false);
		goto cleanup;
	}
	if (record(j, file, final, &rr, (long long)st.st_size, &kept, &replaced) == ST_OK &&
	    kept)
		log_info("download: %s cached (%s %s, %dx%d, %lld bytes, render %ld ms)",
		    j->cache_id, j->quality, rr.format, rr.width, rr.height,
		    (long long)st.st_size, rr.elapsed_ms);
	if (replaced != NULL && unlink(replaced) != 0 && errno != ENOENT)
		log_warn("download: %s: remove %s: %s", j->cache_id, replaced, strerror(errno));
cleanup:
	unlink(j->tmp);
	unlink(out);
	free(replaced);
}

/* The next job, or NULL when stopping. */
static struct cache_job *
next_job(void)
{
	struct cache_job	*j;

	pthread_mutex_lock(&pool.lock);
	while (pool.head == NULL && !pool.stopping)
		pthread_cond_wait(&pool.wake, &pool.lock);
	if ((j = pool.stopping ? NULL : pool.head) != NULL) {
		pool.head = j->next;
		if (pool.head == NULL)
			pool.tail = NULL;
	}
	pthread_mutex_unlock(&pool.lock);
	return j;
}

static void *
render_main(void *arg)
{
	struct cache_job	*j;

	(void)arg;
	while ((j = next_job()) != NULL) {
		process(j);
		free(j);
		pthread_mutex_lock(&pool.lock);
		pool.busy--;
		pthread_mutex_unlock(&pool.lock);
	}
	image_thread_done();
	db_close();
	return NULL;
}

int
render_start(int n)
{
	pool.quota_entries = config_long("MEDIA_CACHE_QUOTA_ENTRIES", 500);
	pool.quota_bytes = config_long("MEDIA_CACHE_QUOTA_BYTES", 2048L * 1024 * 1024);
	if (n > MAX_THREADS)
		n = MAX_THREADS;
	for (pool.n_threads = 0; pool.n_threads < (n > 0 ? n : 1); pool.n_threads++)
		if (pthread_create(&pool.threads[pool.n_threads], NULL, render_main, NULL) != 0) {
			log_error("render_start: pthread_create failed");
			return pool.n_threads > 0 ? ST_OK : ST_INTERNAL;
		}
	return ST_OK;
}

void
render_submit(struct cache_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&pool.lock);
	if (pool.tail != NULL)
		pool.tail->next = j;
	else
		pool.head = j;
	pool.tail = j;
	pool.busy++;
	pthread_cond_signal(&pool.wake);
	pthread_mutex_unlock(&pool.lock);
}

int
render_busy(void)
{
	int	 n;

	pthread_mutex_lock(&pool.lock);
	n = pool.busy;
	pthread_mutex_unlock(&pool.lock);
	return n;
}

void
render_stop(void)
{
	struct cache_job	*j, *next;
	int			 i;

	pthread_mutex_lock(&pool.lock);
	pool.stopping = true;
	j = pool.head;
	pool.head = pool.tail = NULL;
	pthread_cond_broadcast(&pool.wake);
	pthread_mutex_unlock(&pool.lock);
	for (i = 0; i < pool.n_threads; i++)
		pthread_join(pool.threads[i], NULL);
	for (; j != NULL; j = next) {
		next = j->next;
		render_give_back(j);
		free(j);
	}
}
