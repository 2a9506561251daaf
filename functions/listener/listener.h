/* listener.h: the event listener daemon's private declarations. */
#ifndef LISTENER_H
#define LISTENER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <libpq-fe.h>
#include <nats/nats.h>

#include "bus.h"

#define CONSUMER	"media-service"
#define MAX_DELIVER	5		/* attempts of one consumed event */

/* Set by SIGTERM/SIGINT; every loop checks it at least once a second. */
extern volatile sig_atomic_t	listener_stopping;

/* struct bus (bus/bus.h): the NATS connection and its JetStream context,
 * shared by the threads; sub is the pull subscription on CONSUMER, hook
 * days.c's test hook (or NULL). */

/* One consumed event after parsing: the flat form or the envelope's data. */
struct event {
	const char	*subject;
	const char	*type;		/* event_type, type, or the subject */
	const cJSON	*data;		/* the fields; owned by the caller */
	natsMsg		*msg;		/* for natsMsg_InProgress on long work */
	bool		 last_attempt;	/* no redelivery after this one */
	int64_t		 stored_ns;	/* when JetStream stored it (epoch ns) */
};

/* A growable byte buffer with a size cap; free with buf_free(). */
struct buf {
	unsigned char	*data;
	size_t		 len;
	size_t		 cap;
	size_t		 max;		/* more than this fails the transfer */
};

/* What the analysis of one photo found; strings are "" when absent. */
struct photo_info {
	char	 make[101], model[101], lens[101];
	char	 focal[51], aperture[51], shutter[51];
	char	 taken_at[96];		/* RFC 3339 */
	int	 iso;			/* 0: absent */
	int	 flash;			/* -1: absent, else 0/1 */
	int	 orientation;		/* 0: absent, else 1-8 */
	bool	 has_gps;
	double	 latitude, longitude;	/* signed decimal degrees */
	int	 width, height;		/* as displayed; 0: unknown */
	char	 format[16];		/* "jpeg", "png", "webp", "heif", "tiff", "gif"; "" unknown */
	bool	 has_pixels;		/* the metrics below are set */
	double	 brightness, contrast, blur, quality;
};

/* jetstream.c (bus_close, bus_publish, bus_connected: bus/bus.h) */
/* Connect (retrying until stop) and make sure the streams and the durable
 * consumer exist; ST_OK or ST_UNAVAILABLE when stopping first. */
int	 bus_open(struct bus *);

/* days.c: the day change of calendar-following smart playlists (issue 13). */
/* Subscribe to the test hook if MEDIA_TEST_HOOKS=1. Cannot fail (logs). */
void	 days_open(struct bus *);
/* Undo days_open. NULL-safe. */
void	 days_close(struct bus *);
/* Answer a pending hook request; once *next (epoch s) has passed, run the
 * day change of every zone whose date moved on and set *next. Cannot fail. */
void	 days_chore(struct bus *, time_t *next);

/* relay.c: the outbox relay thread (arg: struct bus *). */
void	*relay_main(void *);

/* consume.c: fetch a batch of consumed events, handle and ack each.
 * Waits at most wait_ms when there is nothing. Cannot fail. */
void	 consume_batch(struct bus *, int wait_ms);

/* events.c, erase.c: handlers; each returns ST_OK, ST_INVALID (a malformed event:
 * never retried) or another status (retried). Safe to run twice. */
int	 ev_file_deleted(const struct event *);
int	 ev_device_registered(const struct event *);
int	 ev_device_deleted(const struct event *);
int	 ev_user_deleted(const struct event *);
int	 ev_trigger(const struct event *);
/* When JetStream stored ev, as epoch seconds for to_timestamp() (now if
 * unknown), into out; returns out. Cannot fail. */
const char *stored_at(const struct event *ev, char *out, size_t outlen);
/* The string member name of o, or NULL. */
const char *ev_str(const cJSON *o, const char *name);
/* Remove the cached files at the local_path values of res's column col,
 * only those under the cache folder. Cannot fail. */
void	 ev_unlink_rows(const PGresult *res, int col);

/* upload.c: file.uploaded: metadata row, original version, analysis. */
int	 ev_file_uploaded(const struct event *);
/* Retry the AI analysis of photos whose earlier attempt failed and whose
 * backoff has passed (a few per call). Cannot fail. */
void	 upload_retry_ai(void);

/* store.c: analysis results into photo_metadata. */
enum ai_retry {
	AI_RETRY_NONE,		/* nothing to do with the retry queue */
	AI_RETRY_QUEUE,		/* the AI failed: queue a retry of image_url */
	AI_RETRY_DONE		/* a retry succeeded: leave the queue */
};
/* The columns a local analysis found, as {column: value} plus a
 * "full_metadata" object; error is the analysis_error or NULL. Caller
 * deletes; NULL when out of memory. */
cJSON	*store_local_fields(const struct photo_info *, const char *error);
/* Add the AI answer's fields (those of valid type) to fields. Cannot fail. */
void	 store_ai_fields(cJSON *fields, const cJSON *ai);
/* Write fields to the row, emit media.metadata.updated and run the BR-M007
 * refresh in one transaction; retry says what to do with the AI queue. */
int	 store_analysis(const char *file_id, const char *user_id,
	    const cJSON *fields, enum ai_retry retry, const char *image_url);

/* fetch.c: HTTP with libcurl. */
/* True if url is http(s) to a host of MEDIA_STORAGE_ALLOWED_HOSTS. */
bool	 fetch_allowed(const char *url);
/* True if url is MEDIA_STORAGE_URL_TEMPLATE filled in for owner and some
 * valid file id: a client's cloud_url may name only its owner's storage
 * (issue 10 finding 2). False when the template has no {user_id}: then no
 * URL can be told to be the owner's. */
bool	 fetch_owner_url(const char *url, const char *owner);
/* The storage URL of a file from MEDIA_STORAGE_URL_TEMPLATE; caller frees. */
char	*fetch_storage_url(const char *user_id, const char *file_id);
/* An easy handle for GET url with the service's timeouts and no redirects;
 * caller sets the write callback and cleans it up. NULL on failure. */
CURL	*fetch_easy(const char *url, long timeout_ms);
/* GET url into out (at most out->max bytes). ST_OK on a 2xx, else
 * ST_UNAVAILABLE (network, 5xx) or ST_INVALID (4xx, too large); why in err. */
int	 fetch_get(const char *url, long timeout_ms, struct buf *out,
	    char *err, size_t errlen);
/* POST json to url, the answer into out. Statuses as fetch_get. */
int	 fetch_post_json(const char *url, const char *json, long timeout_ms,
	    struct buf *out, char *err, size_t errlen);
/* libcurl write callback appending to a struct buf (userdata). */
size_t	 fetch_buf_write(char *p, size_t size, size_t n, void *userdata);
void	 buf_free(struct buf *);

/* exif.c: the EXIF fields of an EXIF block (as libvips gives it for any
 * format: "Exif\0\0" + TIFF, or bare TIFF); absent or invalid values
 * stay absent (an invalid one is logged). Cannot fail. */
void	 exif_extract(const unsigned char *data, size_t len, struct photo_info *);

/* image.c, image_analyze.c, image_render.c: all pixel work, with libvips
 * (issue 9). */
/* Start libvips for this process (once, in main, before any thread):
 * only the loaders of IMAGE_FORMATS, operation cache off, one vips thread
 * per operation. ST_OK or ST_INTERNAL. */
int	 image_init(const char *argv0);
/* At exit. Cannot fail. */
void	 image_shutdown(void);
/* Every thread that used libvips calls this before it ends. */
void	 image_thread_done(void);
/* Analysis of the bytes of an uploaded photo: format, displayed size
 * (orientations 5-8 swap width and height), exif_orientation, EXIF (by
 * exif_extract) and the metrics of contract §3.2. ST_OK; ST_INVALID for a
 * file that is empty, not an image of IMAGE_FORMATS, truncated or over
 * MEDIA_MAX_IMAGE_PIXELS (why in err; the EXIF found is kept in pi);
 * ST_UNAVAILABLE when out of memory. */
int	 image_analyze(const unsigned char *data, size_t len,
	    struct photo_info *, char *err, size_t errlen);

enum image_fit {
	FIT_CONTAIN,	/* the whole photo inside the box */
	FIT_COVER	/* fills the box, cropped around the most interesting part */
};

/* What one cache file is to be. */
struct render_spec {
	int		 box_w, box_h;	/* the bound; 0 x 0: full size */
	enum image_fit	 fit;
	bool		 keep_original;	/* cache_quality original: keep the
					 * bytes of JPEG, PNG, WebP and GIF */
};

/* What image_render made. */
struct render_result {
	int	 width, height;		/* of the file the frame gets */
	char	 ext[8];		/* "jpg", or the kept original's */
	char	 format[16];		/* the source's: "jpeg", "heif", … */
	bool	 kept;			/* src is the file: nothing written */
	long	 elapsed_ms;
};

/* Render the image file src for a frame: upright (EXIF orientation
 * applied), fitted to the spec's box, never upscaled, sRGB, a JPEG of
 * quality 85 with no metadata, written to dst; or, with keep_original and
 * a format a browser shows, nothing written and out->kept. ST_OK;
 * ST_INVALID for a file that is no image we take (empty, unknown format,
 * truncated, over MEDIA_MAX_IMAGE_PIXELS: permanent, why in err);
 * ST_UNAVAILABLE for an I/O failure or out of memory. */
int	 image_render(const char *src, const char *dst, const struct render_spec *,
	    struct render_result *out, char *err, size_t errlen);

/* ai.c: ask the AI service; *out is its parsed answer (caller deletes) or
 * NULL. ST_OK, ST_UNAVAILABLE (unreachable, 5xx, timeout) or ST_INVALID. */
int	 ai_analyze(const char *file_id, const char *user_id,
	    const char *image_url, cJSON **out);

/* download.c: the cache download worker thread (arg unused). */
void	*download_main(void *);

/* One taken cache job between its download and its render (issue 9 §5). */
#define JOB_ID_LEN	51
struct cache_job {
	struct cache_job	*next;		/* render queue link */
	char			 cache_id[JOB_ID_LEN], user[JOB_ID_LEN];
	char			 frame[JOB_ID_LEN], quality[JOB_ID_LEN];
	char			 render_spec[64];	/* display: the profile it is made for */
	char			 lease[32];		/* cache_jobs.lease_token of our lease */
	struct render_spec	 spec;
	char			 dir[4096], tmp[4096];	/* the frame's folder, the download */
};

/* jobfile.c: the job's temp file (tmp), opened for writing in its folder
 * (dir, made if missing), after removing the temp files an earlier lease
 * of the job left; NULL on failure. */
FILE	*jobfile_open(const struct cache_job *);

/* render.c: the render pool of the download worker. */
/* Start n render threads (at least one). ST_OK or ST_INTERNAL. */
int	 render_start(int n);
/* Queue a downloaded job; the pool owns it from now on. Cannot fail. */
void	 render_submit(struct cache_job *);
/* Jobs queued or being rendered (the worker takes fewer meanwhile). */
int	 render_busy(void);
/* Wait for the jobs in render, give the queued ones back (their leases
 * end at once), join the threads. Cannot fail. */
void	 render_stop(void);
/* BR-M010 for a job that failed: retried after 1, 2, 4 s, then failed;
 * permanent (a bad file): failed at once. A re-render of a cached entry
 * keeps the file it has. Removes the job's download. Cannot fail. */
void	 render_failed(struct cache_job *, const char *why, bool permanent);
/* At shutdown: the job goes back to the queue with no lease. */
void	 render_give_back(struct cache_job *);

/* jetstream.c (issue 10): the consumer's AckWait in ns (MEDIA_ACK_WAIT_S,
 * default 120 s); consume.c sends InProgress every quarter of it. */
int64_t	 bus_ack_wait_ns(void);

/* jetstream.c (issue 10, finding 1): the dead-letter stream. A consumed
 * event that failed for a permanent reason is published there as it came,
 * on DEAD_PREFIX + its subject, with headers Media-Dead-Reason,
 * Media-Dead-Subject, Media-Dead-Stream-Seq and Media-Dead-Deliveries.
 * ST_OK once JetStream stored it; ST_UNAVAILABLE otherwise. */
#define STREAM_DEAD	"MEDIA_DEAD"
#define DEAD_PREFIX	"media-dead."
int	 bus_dead_letter(struct bus *, natsMsg *msg, const char *reason);

#endif
