/* days.c: the day change (issue 13): smart playlists whose criteria follow
 * the calendar (on_this_day, years_ago, taken_within_days) get their new
 * day's photos within a minute after local midnight, for each zone in use,
 * and media.playlist.updated when their membership changed
 * (media_day_changes(), sql/functions/30_playlists.sql; the playlists
 * trigger of 80_outbox.sql). Reads never wait for this: GET and the
 * manifest compute such playlists on their own day.
 *
 * Test hook (only with MEDIA_TEST_HOOKS=1): a NATS request on
 * media_test.day_change with {"date": "YYYY-MM-DD", "timezone": "Zone"}
 * (timezone optional: every zone in use) runs the day change for that date
 * and answers the zones done as JSON. It moves no clock: the request path
 * always reads now(). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <nats/nats.h>

#include "db.h"
#include "listener.h"
#include "log.h"
#include "status.h"
#include "timefmt.h"

#define DAYS_EVERY_S	30	/* local midnight + at most this (< 1 minute) */
#define HOOK_SUBJECT	"media_test.day_change"

/* One transaction with a longer limit than the role's 10 s: 10,000
 * playlists of one zone change in one statement. */
static const char sql_timeout[] = "SET LOCAL statement_timeout = '300s'";
static const char sql_days[] =
    "SELECT coalesce(json_agg(json_build_object('timezone', d.timezone,"
    " 'day', d.day, 'changed', d.n_changed)), '[]')::text"
    " FROM media_day_changes($1::text, $2::date) d";

/* Run the day change (tz, day NULL: what the clock says); the result as
 * JSON text in out. Returns a status, logged. */
static int
run(const char *tz, const char *day, char *out, size_t outlen)
{
	PGresult	*res = NULL;
	int		 rc;

	snprintf(out, outlen, "[]");
	if ((rc = db_begin(NULL)) != ST_OK)
		return rc;
	res = db_execv(sql_timeout, 0);
	if ((rc = db_check(NULL, res, PGRES_COMMAND_OK)) == ST_OK) {
		PQclear(res);
		res = db_execv(sql_days, 2, tz, day);
		if ((rc = db_check(NULL, res, PGRES_TUPLES_OK)) == ST_OK)
			snprintf(out, outlen, "%s", PQgetvalue(res, 0, 0));
	}
	PQclear(res);
	if ((rc = db_finish(NULL, rc)) != ST_OK)
		log_error("days: day change (%s %s) failed", tz ? tz : "all zones",
		    day ? day : "today");
	else if (strcmp(out, "[]") != 0)
		log_info("days: day change %s", out);
	return rc;
}

void
days_open(struct bus *b)
{
	const char	*hooks = getenv("MEDIA_TEST_HOOKS");

	b->hook = NULL;
	if (hooks == NULL || strcmp(hooks, "1") != 0)
		return;
	if (natsConnection_SubscribeSync(&b->hook, b->nc, HOOK_SUBJECT) != NATS_OK) {
		log_error("days: cannot subscribe to %s", HOOK_SUBJECT);
		b->hook = NULL;
		return;
	}
	log_warn("days: MEDIA_TEST_HOOKS=1: %s runs the day change for any date", HOOK_SUBJECT);
}

void
days_close(struct bus *b)
{
	natsSubscription_Destroy(b->hook);
	b->hook = NULL;
}

/* One hook request, if any: answer {"ok": [...]} or {"error": "..."}.
 * True if one was handled. */
static bool
hook(struct bus *b)
{
	natsMsg		*msg = NULL;
	cJSON		*root = NULL;
	const char	*tz, *day;
	char		 out[8192], reply[8300];
	int		 len;

	if (b->hook == NULL || natsSubscription_NextMsg(&msg, b->hook, 1) != NATS_OK)
		return false;
	len = natsMsg_GetDataLength(msg);
	root = len > 0 ? cJSON_ParseWithLength(natsMsg_GetData(msg), (size_t)len) : NULL;
	tz = ev_str(root, "timezone");
	day = ev_str(root, "date");
	if (day == NULL || !timefmt_is_date(day))
		snprintf(reply, sizeof(reply), "{\"error\":\"date must be YYYY-MM-DD\"}");
	else if (run(tz, day, out, sizeof(out)) != ST_OK)
		snprintf(reply, sizeof(reply), "{\"error\":\"day change failed\"}");
	else
		snprintf(reply, sizeof(reply), "{\"ok\":%s}", out);
	if (natsMsg_GetReply(msg) != NULL)
		natsConnection_PublishString(b->nc, natsMsg_GetReply(msg), reply);
	cJSON_Delete(root);
	natsMsg_Destroy(msg);
	return true;
}

void
days_chore(struct bus *b, time_t *next)
{
	char	 out[8192];

	/* After a hook's day the clock's waits a full period, so what the
	 * hook stored can be read before the chore puts today back. */
	if (hook(b))
		*next = time(NULL) + DAYS_EVERY_S;
	if (time(NULL) < *next)
		return;
	*next = time(NULL) + DAYS_EVERY_S;
	run(NULL, NULL, out, sizeof(out));
}
