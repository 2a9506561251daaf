/* body.c: validation of the schedule fields shared by create and update. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "req.h"
#include "tz.h"
#include "valid.h"

#include "schedules.h"

#define ACTIVE_MINUTES_MAX	(7 * 24 * 60)	/* a trigger holds at most a week */

const char *const schedule_types[] = { "continuous", "time_based", "event_based", NULL };

/* days_of_week: integers 0-6 (0 = Monday); stored sorted without repeats. */
static int
parse_days(struct req *r, const cJSON *b, struct schedule_body *out)
{
	const cJSON	*days = cJSON_GetObjectItemCaseSensitive(b, "days_of_week"), *d;
	char		 buf[32] = "[";
	unsigned int	 mask = 0;
	int		 i;

	out->n_days = -1;
	if (days == NULL || cJSON_IsNull(days))
		return ST_OK;
	if (!cJSON_IsArray(days))
		return req_fail(r, ST_INVALID, "days_of_week",
		    "days_of_week must be an array of integers 0-6 (0 = Monday)");
	cJSON_ArrayForEach(d, days) {
		/* The range first: casting a double beyond int's range to
		 * int is undefined behaviour (C11 6.3.1.4). */
		if (!cJSON_IsNumber(d) || !(d->valuedouble >= 0 && d->valuedouble <= 6) ||
		    d->valuedouble != floor(d->valuedouble))
			return req_fail(r, ST_INVALID, "days_of_week",
			    "days_of_week must be an array of integers 0-6 (0 = Monday)");
		mask |= 1u << (int)d->valuedouble;
	}
	out->n_days = 0;
	for (i = 0; i < 7; i++) {
		if (!(mask & (1u << i)))
			continue;
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d",
		    out->n_days++ ? "," : "", i);
	}
	strcat(buf, "]");
	if ((out->days = arena_strdup(r->arena, buf)) == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	return ST_OK;
}

/* fallback_playlist_id: an id, or null to clear it (issue 13 §3). */
static int
parse_fallback(struct req *r, const cJSON *b, struct schedule_body *out)
{
	const cJSON	*f = cJSON_GetObjectItemCaseSensitive(b, "fallback_playlist_id");

	out->has_fallback = f != NULL;
	if (f == NULL || cJSON_IsNull(f))
		return ST_OK;
	return valid_id_field(r, b, "fallback_playlist_id", false, &out->fallback_id);
}

/* A NATS subject the listener can subscribe to: tokens of [A-Za-z0-9_-]
 * joined by dots; no wildcards. */
static int
check_subject(struct req *r, const char *s)
{
	const char	*p;
	size_t		 n;

	for (p = s; ; p += n + 1) {
		n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
		if (n == 0 || (p[n] != '.' && p[n] != '\0'))
			return req_fail(r, ST_INVALID, "trigger_event",
			    "trigger_event must be an event subject: words of A-Z a-z 0-9 _ - "
			    "joined by dots");
		if (p[n] == '\0')
			break;
	}
	/* Issue 10 finding 5: the listener captures this namespace only, for
	 * good, so a trigger sent any time after the 201 is never lost, and
	 * no schedule can make the work queue take someone else's subjects. */
	if (!valid_subject_in(config_get()->trigger_subjects, s))
		return req_fail(r, ST_INVALID, "trigger_event",
		    "trigger_event must be a subject under %s, such as trigger.doorbell",
		    config_get()->trigger_subjects);
	return ST_OK;
}

/* An integer field as SQL parameter text, NULL when absent. */
static int
int_text(struct req *r, const cJSON *b, const char *field, long long min,
    long long max, const char **out)
{
	long long	 v;
	bool		 has;
	int		 rc;

	*out = NULL;
	if ((rc = valid_int(r, b, field, min, max, &v, &has)) != ST_OK || !has)
		return rc;
	if ((*out = arena_printf(r->arena, "%lld", v)) == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	return ST_OK;
}

static int
bool_text(struct req *r, const cJSON *b, const char *field, const char **out)
{
	bool	 v, has;
	int	 rc;

	*out = NULL;
	if ((rc = valid_bool(r, b, field, &v, &has)) == ST_OK && has)
		*out = v ? "true" : "false";
	return rc;
}

int
schedule_body_window(struct req *r, const char *type, const char *start,
    const char *end, int n_days)
{
	if (strcmp(type, "time_based") != 0)
		return ST_OK;
	if (start == NULL)
		return req_fail(r, ST_INVALID, "start_time",
		    "start_time is required for a time_based schedule");
	if (end == NULL)
		return req_fail(r, ST_INVALID, "end_time",
		    "end_time is required for a time_based schedule");
	if (n_days <= 0)
		return req_fail(r, ST_INVALID, "days_of_week",
		    "days_of_week must name at least one day for a time_based schedule");
	return ST_OK;
}

int
schedule_body_parse(struct req *r, const cJSON *b, bool creating, struct schedule_body *out)
{
	const char	*type;
	int		 minutes, rc;

	memset(out, 0, sizeof(*out));
	if ((rc = valid_id_field(r, b, "frame_id", creating, &out->frame_id)) != ST_OK ||
	    (rc = valid_id_field(r, b, "playlist_id", creating, &out->playlist_id)) != ST_OK ||
	    (rc = parse_fallback(r, b, out)) != ST_OK ||
	    (rc = valid_id_field(r, b, "organization_id", false, &out->org_id)) != ST_OK ||
	    (rc = valid_str(r, b, "schedule_type", 1, 50, false, &type)) != ST_OK ||
	    (rc = valid_enum(r, "schedule_type", type, schedule_types, &out->type)) != ST_OK ||
	    (rc = valid_str(r, b, "start_time", 0, 10, false, &out->start_time)) != ST_OK ||
	    (out->start_time != NULL &&
	     (rc = valid_hhmm(r, "start_time", out->start_time, &minutes)) != ST_OK) ||
	    (rc = valid_str(r, b, "end_time", 0, 10, false, &out->end_time)) != ST_OK ||
	    (out->end_time != NULL &&
	     (rc = valid_hhmm(r, "end_time", out->end_time, &minutes)) != ST_OK) ||
	    (rc = parse_days(r, b, out)) != ST_OK ||
	    (rc = int_text(r, b, "rotation_interval", 1, 2147483647, &out->interval)) != ST_OK ||
	    (rc = bool_text(r, b, "shuffle", &out->shuffle)) != ST_OK ||
	    (rc = bool_text(r, b, "is_active", &out->active)) != ST_OK ||
	    (rc = valid_str(r, b, "trigger_event", 1, 255, false, &out->trigger_event)) != ST_OK ||
	    (out->trigger_event != NULL &&
	     (rc = check_subject(r, out->trigger_event)) != ST_OK) ||
	    (rc = int_text(r, b, "active_minutes", 1, ACTIVE_MINUTES_MAX,
	     &out->active_minutes)) != ST_OK ||
	    (rc = valid_str(r, b, "timezone", 1, TZ_NAME_MAX + 1, false, &out->timezone)) != ST_OK)
		return rc;
	if (creating) {
		if (out->type == NULL)
			out->type = "continuous";
		if ((rc = schedule_body_window(r, out->type, out->start_time, out->end_time,
		    out->n_days)) != ST_OK)
			return rc;
		if (out->org_id == NULL)
			out->org_id = r->org_id;
	}
	/* Last: the only check that needs the database. */
	if (out->timezone != NULL)
		return tz_check(r, "timezone", out->timezone, NULL);
	return ST_OK;
}

/* Which of the two was not the user's, when both were given. */
static const char sql_owned[] =
    "SELECT 1 FROM playlists WHERE playlist_id = $1 AND user_id = $2";

int
schedule_playlist_missing(struct req *r, const struct schedule_body *b)
{
	PGresult	*res;
	int		 rc;

	if (b->fallback_id == NULL)
		return req_fail(r, ST_NOT_FOUND, "playlist_id", "playlist not found");
	if (b->playlist_id != NULL) {
		res = db_execv(sql_owned, 2, b->playlist_id, r->user_id);
		rc = db_check(r, res, PGRES_TUPLES_OK);
		if (rc == ST_OK && PQntuples(res) == 0)
			rc = req_fail(r, ST_NOT_FOUND, "playlist_id", "playlist not found");
		PQclear(res);
		if (rc != ST_OK)
			return rc;
	}
	return req_fail(r, ST_NOT_FOUND, "fallback_playlist_id", "fallback playlist not found");
}

/* BR-M008 and design Flow 3; the SQL is media_schedule_queue (sql/021). */
static const char sql_queue[] =
    "SELECT user_id, frame_id, cache_id"
    " FROM media_schedule_queue($1, media_cache_priority($2), $3::boolean)";

int
schedule_queue(struct req *r, const char *id, const char *priority, bool retry,
    PGresult **stale)
{
	*stale = db_execv(sql_queue, 3, id, priority, retry ? "true" : "false");
	return db_check(r, *stale, PGRES_TUPLES_OK);
}
