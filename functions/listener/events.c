/* events.c: the consumed events besides file.uploaded (contract §4):
 * device.registered (with its display, issue 9), device.deleted and
 * schedule triggers (file.deleted and user.deleted: erase.c).
 * Each is one statement (or one transaction), so a redelivery finds the
 * work done and changes nothing twice. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "cachefile.h"
#include "config.h"
#include "db.h"
#include "display.h"
#include "listener.h"
#include "log.h"
#include "status.h"
#include "valid.h"

const char *
stored_at(const struct event *ev, char *out, size_t outlen)
{
	if (ev->stored_ns > 0)
		snprintf(out, outlen, "%lld.%09lld", (long long)(ev->stored_ns / 1000000000),
		    (long long)(ev->stored_ns % 1000000000));
	else
		snprintf(out, outlen, "%lld", (long long)time(NULL));
	return out;
}

const char *
ev_str(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* True if path is strictly inside the cache folder, so a bad row can never
 * make us remove anything else. */
static bool
under_cache(const char *path)
{
	const char	*dir = config_get()->cache_dir;
	size_t		 n = strlen(dir);

	return strncmp(path, dir, n) == 0 && path[n] == '/' &&
	    strstr(path, "/../") == NULL;
}

void
ev_unlink_rows(const PGresult *res, int col)
{
	const char	*path;
	int		 i;

	for (i = 0; i < PQntuples(res); i++) {
		if (PQgetisnull(res, i, col))
			continue;
		path = PQgetvalue(res, i, col);
		if (under_cache(path) && unlink(path) != 0 && errno != ENOENT)
			log_warn("ev_unlink_rows: unlink %s: %s", path, strerror(errno));
	}
}

static const char sql_queue_frame[] =
    "SELECT media_listener_queue_frame($1::text, $2::text, media_cache_priority($3))";

/* Queue the playlist of the frame's schedule in force, at schedule
 * priority (BR-M008: before any other download); n queued in log. */
static int
queue_frame(const char *user, const char *frame)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_queue_frame, 3, user, frame, CACHE_PRIO_SCHEDULE);
	if ((rc = db_check(NULL, res, PGRES_TUPLES_OK)) == ST_OK &&
	    strcmp(PQgetvalue(res, 0, 0), "0") != 0)
		log_info("queue_frame: %s: %s downloads queued", frame,
		    PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* The frame of a device.* event: frame_id, else device_id (contract §4). */
static const char *
device_frame(const struct event *ev)
{
	const char	*frame = ev_str(ev->data, "frame_id");

	return frame != NULL ? frame : ev_str(ev->data, "device_id");
}

/* The display profile a device.registered event may carry (issue 9). */
struct display_event {
	bool		 present;	/* a width or a height was given */
	char		 width_s[16], height_s[16];	/* "" when absent */
	const char	*fit;		/* canonical or NULL */
	const char	*name;		/* NULL when absent */
};

/* A size member of o: absent or null is fine (s stays ""); anything but
 * an integer of DISPLAY_PX_MIN..MAX is not. */
static bool
display_px(const cJSON *o, const char *member, char *s, size_t len)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, member);
	double		 d;

	if (it == NULL || cJSON_IsNull(it))
		return true;
	if (!valid_is_int(it, &d) || d < DISPLAY_PX_MIN || d > DISPLAY_PX_MAX)
		return false;
	snprintf(s, len, "%d", (int)d);
	return true;
}

/* A string member of o, else of the event's top level: absent is fine
 * (*out NULL); present, it must be a string. */
static bool
display_str(const cJSON *o, const cJSON *top, const char *member, const char **out)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, member);

	if (it == NULL || cJSON_IsNull(it))
		it = cJSON_GetObjectItemCaseSensitive(top, member);
	*out = NULL;
	if (it == NULL || cJSON_IsNull(it))
		return true;
	if (!cJSON_IsString(it))
		return false;
	*out = it->valuestring;
	return true;
}

/*
 * The display of a device.registered event: display {width, height} (an
 * object), else the flat display_width/display_height; fit and name in the
 * same object or beside them. fit and name count only with a size: an
 * event without one is today's registration and changes no profile (a
 * device's name alone does not make a profile). The rules are those of
 * PUT /frames (display.h). False when a value present is invalid.
 */
static bool
display_parse(const cJSON *data, struct display_event *d)
{
	const cJSON	*src = cJSON_GetObjectItemCaseSensitive(data, "display");
	const char	*w = "width", *h = "height", *fit;
	size_t		 n;

	memset(d, 0, sizeof(*d));
	if (src == NULL || cJSON_IsNull(src)) {
		src = data;
		w = "display_width";
		h = "display_height";
	} else if (!cJSON_IsObject(src))
		return false;
	if (!display_px(src, w, d->width_s, sizeof(d->width_s)) ||
	    !display_px(src, h, d->height_s, sizeof(d->height_s)))
		return false;
	d->present = *d->width_s != '\0' || *d->height_s != '\0';
	if (!d->present)
		return true;
	if (!display_str(src, data, "fit", &fit) || !display_str(src, data, "name", &d->name))
		return false;
	if (fit != NULL && (d->fit = valid_is_enum(fit, display_fits)) == NULL)
		return false;
	return d->name == NULL ||
	    (valid_is_text(d->name, &n) && n <= DISPLAY_NAME_MAX);
}

/* media_frame_put (sql/041), the upsert PUT /frames runs: a size or fit
 * that changed queues the frame's renders again, in this transaction. No
 * row: a new frame given one size only. */
static const char sql_frame_put[] =
    "SELECT display_changed, rerendered FROM media_frame_put($1::text, $2::text, $3::text,"
    " $4::int, $5::int, $6::text)";

static int
put_display(const char *user, const char *frame, const struct display_event *d)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_frame_put, 6, user, frame, d->name,
	    *d->width_s != '\0' ? d->width_s : NULL,
	    *d->height_s != '\0' ? d->height_s : NULL, d->fit);
	if ((rc = db_check(NULL, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (PQntuples(res) != 1) {
		log_warn("device.registered: %s of %s: a new frame needs display width and height",
		    frame, user);
		rc = ST_INVALID;
	} else if (strcmp(PQgetvalue(res, 0, 0), "t") == 0)
		log_info("device.registered: %s of %s: display %sx%s, %s renders queued again",
		    frame, user, *d->width_s ? d->width_s : "(kept)",
		    *d->height_s ? d->height_s : "(kept)", PQgetvalue(res, 0, 1));
cleanup:
	PQclear(res);
	return rc;
}

/*
 * Contract §4 and issue 9: the frame's display profile, when the event
 * carries one, then the playlist of its schedule in force, in one
 * transaction. A display that is present but invalid makes the event
 * malformed (ST_INVALID: dropped and logged, nothing written), as PUT
 * /frames answers 400 and writes nothing: renders for a size the device
 * did not say would be wrong on its screen, and the frame's own poll of
 * its schedule still queues its photos.
 */
int
ev_device_registered(const struct event *ev)
{
	const char		*frame = device_frame(ev);
	const char		*user = ev_str(ev->data, "user_id");
	struct display_event	 d;
	int			 rc;

	if (frame == NULL || !valid_is_id(frame) || user == NULL || !valid_is_id(user))
		return ST_INVALID;
	if (!display_parse(ev->data, &d)) {
		log_warn("device.registered: %s of %s: invalid display", frame, user);
		return ST_INVALID;
	}
	if (!d.present)
		return queue_frame(user, frame);
	if ((rc = db_begin(NULL)) != ST_OK)
		return rc;
	if ((rc = put_display(user, frame, &d)) == ST_OK)
		rc = queue_frame(user, frame);
	return db_finish(NULL, rc);
}

/* Issue 9: what DELETE /frames does, with media_frame_delete (sql/041),
 * one statement: the profile, the frame's schedules, cache entries (jobs
 * by cascade); the files after it committed. Unlike the API it removes
 * what there is even without a profile: the device is gone. */
static const char sql_device_deleted[] =
    "SELECT user_id, frame_id, cache_id, frame_existed FROM media_frame_delete($1::text, $2::text)";

int
ev_device_deleted(const struct event *ev)
{
	const char	*frame = device_frame(ev);
	const char	*user = ev_str(ev->data, "user_id");
	PGresult	*res;
	int		 rc;

	if (frame == NULL || !valid_is_id(frame) || user == NULL || !valid_is_id(user))
		return ST_INVALID;
	res = db_execv(sql_device_deleted, 2, user, frame);
	if ((rc = db_check(NULL, res, PGRES_TUPLES_OK)) == ST_OK && PQntuples(res) > 0) {
		cachefile_remove_rows(res, 0);
		log_info("device.deleted: %s of %s: profile %s, %d cache entries removed", frame,
		    user, strcmp(PQgetvalue(res, 0, 3), "t") == 0 ? "removed" : "absent",
		    PQntuples(res) - 1);
	}
	PQclear(res);
	return rc;
}

/* Contract §4: a message on an event-based schedule's trigger_event
 * subject triggers it as POST /schedules/{id}/trigger does; user_id or
 * frame_id in the message narrow it down. The window counts from when
 * JetStream stored the message ($4), not from now, and only moves forward:
 * a redelivered trigger computes the same end and changes nothing.
 * media.schedule.updated comes from the rotation_schedules trigger
 * (sql/functions/80_outbox.sql). */
static const char sql_trigger[] =
    "WITH t AS (UPDATE rotation_schedules SET updated_at = now(), "
    "  triggered_until = to_timestamp($4::double precision) "
    "    + make_interval(mins => coalesce(active_minutes, 60)) "
    "  WHERE schedule_type = 'event_based' AND is_active AND trigger_event = $1::text "
    "    AND user_id = $2::text AND ($3::text IS NULL OR frame_id = $3::text) "
    "    AND to_timestamp($4::double precision) + make_interval(mins => coalesce(active_minutes, 60)) "
    "      > coalesce(triggered_until, '-infinity') "
    "  RETURNING *) "
    "SELECT DISTINCT user_id, frame_id FROM t";

int
ev_trigger(const struct event *ev)
{
	const char	*user = ev_str(ev->data, "user_id");
	const char	*frame = ev_str(ev->data, "frame_id");
	PGresult	*res;
	char		 at[48];
	int		 rc, i;

	/* A trigger fires only the schedules of the user it names: one with
	 * no user_id would fire every user's on that subject (issue 10
	 * finding 5); it is malformed, and goes to MEDIA_DEAD. */
	if (user == NULL || !valid_is_id(user) || (frame != NULL && !valid_is_id(frame)))
		return ST_INVALID;
	if ((rc = db_begin(NULL)) != ST_OK)
		return rc;
	res = db_execv(sql_trigger, 4, ev->subject, user, frame, stored_at(ev, at, sizeof(at)));
	rc = db_check(NULL, res, PGRES_TUPLES_OK);
	for (i = 0; rc == ST_OK && i < PQntuples(res); i++)
		rc = queue_frame(PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	return db_finish(NULL, rc);
}
