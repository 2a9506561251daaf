/* download.c: the cache download worker (contract §3.5, BR-M008, BR-M010,
 * EC-M005): takes jobs from cache_jobs (sql/004), many at once with the
 * libcurl multi interface, each into a dot-named temp file (nginx refuses
 * dotfiles, jobfile.c) under a size cap counted as the bytes arrive, then
 * hands it to the render pool (render.c), which makes the frame's file. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#define RENDER_POLL_MS		20	/* slots wait for renders: look again soon */

/* Where a transfer writes: the file, and the bytes so far against the
 * cap. CURLOPT_MAXFILESIZE alone is not enough: libcurl 7.88 checks it
 * only against a Content-Length, so a chunked answer would fill the disk. */
struct sink {
	FILE		*fp;
	long long	 written, max;
	bool		 too_large;
};

struct slot {
	CURL			*easy;		/* NULL: the slot is free */
	struct cache_job	*job;		/* owned until handed to render */
	struct sink		 sink;
};

struct worker {
	CURLM		*multi;
	struct slot	 slot[SLOTS];
	int		 busy;
	long		 lease_s, timeout_ms, max_bytes;
	int		 poll_ms;		/* between takes when idle */
};

static size_t
sink_write(char *p, size_t size, size_t n, void *userdata)
{
	struct sink	*k = userdata;
	size_t		 add = size * n;

	if (k->written + (long long)add > k->max) {
		k->too_large = true;
		return 0;	/* libcurl fails the transfer with a write error */
	}
	if (fwrite(p, 1, add, k->fp) != add)
		return 0;
	k->written += (long long)add;
	return add;
}

/* A transfer ended: hand the file to the render pool, or count the failure. */
static void
finish(struct worker *w, struct slot *s, CURLcode cc)
{
	struct cache_job	*j = s->job;
	char			 why[200];
	long			 code = 0;

	curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &code);
	if (fclose(s->sink.fp) != 0 && cc == CURLE_OK)
		cc = CURLE_WRITE_ERROR;
	s->sink.fp = NULL;
	s->job = NULL;
	if (s->sink.too_large || cc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(why, sizeof(why), "download failed: larger than "
		    "MEDIA_STORAGE_MAX_BYTES (%ld bytes)", w->max_bytes);
		render_failed(j, why, true);
	} else if (cc != CURLE_OK) {
		snprintf(why, sizeof(why), "download failed: %s", curl_easy_strerror(cc));
		render_failed(j, why, false);
	} else if (code < 200 || code > 299) {
		snprintf(why, sizeof(why), "download failed: HTTP %ld", code);
		render_failed(j, why, false);
	} else if (s->sink.written == 0) {
		render_failed(j, "empty file", true);
	} else {
		render_submit(j);
		return;
	}
	free(j);
}

static void
release(struct worker *w, struct slot *s)
{
	curl_multi_remove_handle(w->multi, s->easy);
	curl_easy_cleanup(s->easy);
	if (s->sink.fp != NULL)
		fclose(s->sink.fp);
	s->easy = NULL;
	s->sink.fp = NULL;
	w->busy--;
}

/* Contract §3.5: the long-side bound of a cache_quality; original is the
 * photo itself (its bytes when a browser shows the format). display: the
 * frame's profile, which the take statement reads. */
static void
spec_of(const char *quality, const PGresult *res, int i, struct render_spec *spec)
{
	int	 bound = 0;

	memset(spec, 0, sizeof(*spec));
	if (strcmp(quality, "display") == 0) {
		spec->box_w = (int)strtol(PQgetvalue(res, i, 7), NULL, 10);	/* INT 1-8192 */
		spec->box_h = (int)strtol(PQgetvalue(res, i, 8), NULL, 10);
		spec->fit = strcmp(PQgetvalue(res, i, 9), "cover") == 0 ? FIT_COVER : FIT_CONTAIN;
		return;
	}
	if (strcmp(quality, "high") == 0)
		bound = 2560;
	else if (strcmp(quality, "medium") == 0)
		bound = 1920;
	else if (strcmp(quality, "low") == 0)
		bound = 1280;
	spec->box_w = spec->box_h = bound;
	spec->keep_original = bound == 0;
}

/* The job of row i of the take statement; NULL when out of memory. */
static struct cache_job *
job_of(const PGresult *res, int i)
{
	struct cache_job	*j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	snprintf(j->cache_id, sizeof(j->cache_id), "%s", PQgetvalue(res, i, 0));
	snprintf(j->user, sizeof(j->user), "%s", PQgetvalue(res, i, 1));
	snprintf(j->frame, sizeof(j->frame), "%s", PQgetvalue(res, i, 2));
	snprintf(j->quality, sizeof(j->quality), "%s", PQgetvalue(res, i, 4));
	snprintf(j->lease, sizeof(j->lease), "%s", PQgetvalue(res, i, 11));
	spec_of(j->quality, res, i, &j->spec);
	if (j->spec.box_w > 0 && strcmp(j->quality, "display") == 0)
		snprintf(j->render_spec, sizeof(j->render_spec), "%s", PQgetvalue(res, i, 10));
	return j;
}

/* Start the transfer of one taken job (row i of the take statement). */
static void
start(struct worker *w, struct slot *s, const PGresult *res, int i)
{
	const char		*cloud = PQgetisnull(res, i, 5) ? "" : PQgetvalue(res, i, 5);
	struct cache_job	*j;
	char			*url = NULL;

	if ((j = job_of(res, i)) == NULL) {
		log_error("download: out of memory");
		return;		/* the lease runs out and the job is taken again */
	}
	/* A version's cloud_url may be a client's word: it is fetched only
	 * when it is a URL of its owner's own storage; any other (another
	 * user's photo, a host's other port) gives way to the owner's storage
	 * URL of the version's file (issue 10 finding 2), which is what the
	 * photo is in any case. */
	if (cloud[0] != '\0' && !fetch_owner_url(cloud, j->user)) {
		log_warn("download: %s: cloud_url is not the owner's storage; using the "
		    "storage URL of file %s", j->cache_id, PQgetvalue(res, i, 6));
		cloud = "";
	}
	url = cloud[0] != '\0' ? strdup(cloud) :
	    fetch_storage_url(j->user, PQgetvalue(res, i, 6));
	if (url == NULL || !fetch_allowed(url)) {
		render_failed(j, url == NULL ? "out of memory" :
		    "the download host is not allowed", url != NULL);
		goto cleanup;
	}
	/* Ids are valid_is_id-checked by the writers: no '/', no leading '.'. */
	if (snprintf(j->dir, sizeof(j->dir), "%s/%s/%s", config_get()->cache_dir,
	    j->user, j->frame) >= (int)sizeof(j->dir) ||
	    snprintf(j->tmp, sizeof(j->tmp), "%s/.%s.%s.part", j->dir, j->cache_id, j->lease) >=
	    (int)sizeof(j->tmp) || (s->sink.fp = jobfile_open(j)) == NULL) {
		render_failed(j, "cannot create the cache file", false);
		goto cleanup;
	}
	if ((s->easy = fetch_easy(url, w->timeout_ms)) == NULL) {
		fclose(s->sink.fp);
		s->sink.fp = NULL;
		render_failed(j, "out of memory", false);
		goto cleanup;
	}
	s->sink.written = 0;
	s->sink.max = w->max_bytes;
	s->sink.too_large = false;
	s->job = j;
	j = NULL;
	curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, &s->sink);
	/* Refuses early when a Content-Length says too much; sink_write
	 * counts the rest. */
	curl_easy_setopt(s->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)w->max_bytes);
	curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
	curl_multi_add_handle(w->multi, s->easy);
	w->busy++;
cleanup:
	free(j);
	free(url);
}

/* Lease up to n due jobs, highest priority first (BR-M008); a worker that
 * dies leaves leases that expire, and the jobs are taken again (004). A
 * job on a cached entry is a re-render (a new display profile): the entry
 * stays cached, its old file served, until the new one is recorded. The
 * job and its entry are locked in one SKIP LOCKED select: a job whose
 * entry a request holds (DELETE /cache, evict, a queue) is left for the
 * next take instead of waited for, so the lease closes no lock cycle
 * (README "One lock order", sql/052). */
static const char sql_take[] =
    "WITH j AS (SELECT c.job_id FROM cache_jobs c JOIN photo_cache p ON p.cache_id = c.cache_id "
    "  WHERE c.run_after <= now() AND (c.locked_until IS NULL OR c.locked_until < now()) "
    "  ORDER BY c.priority DESC, c.run_after, c.job_id LIMIT $1::int "
    "  FOR UPDATE OF c SKIP LOCKED FOR NO KEY UPDATE OF p SKIP LOCKED), "
    "u AS (UPDATE cache_jobs c SET locked_until = now() + make_interval(secs => $2::int), "
    "    lease_token = encode(gen_random_bytes(9), 'hex') "
    "  FROM j WHERE c.job_id = j.job_id RETURNING c.cache_id, c.lease_token), "
    "e AS (UPDATE photo_cache p SET updated_at = now(), cache_status = "
    "    CASE WHEN p.cache_status = 'cached' THEN 'cached' ELSE 'downloading' END "
    "  FROM u WHERE p.cache_id = u.cache_id RETURNING p.*) "
    "SELECT e.cache_id, e.user_id, e.frame_id, e.photo_id, "
    "  coalesce(e.cache_quality, 'original'), v.cloud_url, coalesce(v.file_id, e.photo_id), "
    "  d.width, d.height, d.fit, d.render_spec, u.lease_token "
    "FROM e JOIN u USING (cache_id) LEFT JOIN LATERAL (SELECT cloud_url, file_id FROM photo_versions pv "
    "  WHERE pv.user_id = e.user_id AND (pv.version_id = e.version_id "
    "    OR (e.version_id IS NULL AND pv.photo_id = e.photo_id AND pv.is_current)) "
    "  LIMIT 1) v ON true, media_frame_display(e.user_id, e.frame_id) d";

/* Slots neither downloading nor waiting for a render. */
static int
free_slots(const struct worker *w)
{
	int	 n = SLOTS - w->busy - render_busy();

	return n > 0 ? n : 0;
}

/* True when every free slot got a job (more may be waiting). */
static bool
take(struct worker *w)
{
	PGresult	*res;
	char		 n_s[12], lease_s[24];
	int		 i, k = 0, n, want = free_slots(w);

	if (want == 0)
		return false;
	snprintf(n_s, sizeof(n_s), "%d", want);
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
	return n > 0 && n == want;
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
static void
give_back(struct worker *w)
{
	int	 i;

	for (i = 0; i < SLOTS; i++) {
		if (w->slot[i].easy == NULL)
			continue;
		release(w, &w->slot[i]);
		render_give_back(w->slot[i].job);
		free(w->slot[i].job);
		w->slot[i].job = NULL;
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
	w.lease_s = config_long("MEDIA_CACHE_LEASE_S", 60);
	w.timeout_ms = config_long("MEDIA_CACHE_TIMEOUT_MS", 30000);
	w.max_bytes = config_long("MEDIA_STORAGE_MAX_BYTES", CONFIG_STORAGE_MAX_BYTES);
	if (w.timeout_ms / 1000 >= w.lease_s)	/* a lease outlives its transfer */
		w.timeout_ms = (w.lease_s - 1) * 1000 + 500;
	if ((w.multi = curl_multi_init()) == NULL ||
	    render_start((int)config_long("MEDIA_RENDER_THREADS", 2)) != ST_OK) {
		log_error("download: cannot start");
		if (w.multi != NULL)
			curl_multi_cleanup(w.multi);
		return NULL;
	}
	while (!listener_stopping) {
		/* Take jobs when a slot freed up, after a full take, or every
		 * IDLE_POLL_MS; not on every wake-up of a running transfer. */
		if (free_slots(&w) > 0 && (want || full ||
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
		if (!want && !(full && free_slots(&w) > 0))
			curl_multi_poll(w.multi, NULL, 0,
			    render_busy() > 0 ? RENDER_POLL_MS : w.poll_ms, NULL);
	}
	give_back(&w);
	render_stop();
	curl_multi_cleanup(w.multi);
	image_thread_done();
	db_close();
	return NULL;
}
