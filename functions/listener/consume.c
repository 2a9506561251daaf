/* consume.c: consumed events from the durable pull consumer: parse the
 * flat or envelope form, route by event type, then ack, retry, or send to
 * the dead-letter stream; pulls pause while the database is away. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <nats/nats.h>

#include "config.h"
#include "db.h"
#include "listener.h"
#include "log.h"
#include "status.h"
#include "valid.h"

#define FETCH_BATCH	8
#define EVENT_MAX	(256 * 1024)
#define RETRY_BASE_MS	500
#define DOWN_NAK_MS	1000	/* redelivery delay while the database is away */
#define DOWN_PROBE_MS	1000	/* how often a paused consumer asks again */

/* The route table (style.md: the listener uses the table idea too). Any
 * other subject reaching the consumer is a schedule's trigger_event. */
static const struct route {
	const char	*type;
	int		(*handle)(const struct event *);
} routes[] = {
	{ "file.uploaded",	ev_file_uploaded },
	{ "file.deleted",	ev_file_deleted },
	{ "device.registered",	ev_device_registered },
	{ "device.deleted",	ev_device_deleted },
	{ "user.deleted",	ev_user_deleted },
};

/* Handle one message; a status says what to do with it. A permanent
 * failure's reason goes to *why (a static string). */
static int
dispatch(natsMsg *msg, const jsMsgMetaData *meta, bool last_attempt,
    char *type_out, size_t type_len, const char **why)
{
	struct event	 ev = { .subject = natsMsg_GetSubject(msg), .msg = msg,
			    .last_attempt = last_attempt,
			    .stored_ns = meta != NULL ? meta->Timestamp : 0 };
	cJSON		*root = NULL;
	const cJSON	*data;
	const char	*type;
	size_t		 i;
	int		 rc = ST_INVALID, len = natsMsg_GetDataLength(msg);

	snprintf(type_out, type_len, "%s", ev.subject);
	*why = "not a JSON object of 1 byte to 256 KiB";
	if (len <= 0 || len > EVENT_MAX ||
	    (root = cJSON_ParseWithLength(natsMsg_GetData(msg), (size_t)len)) == NULL ||
	    !cJSON_IsObject(root))
		goto cleanup;
	/* Contract §4: {"type": …, "data": {…}} or the flat form. */
	data = cJSON_GetObjectItemCaseSensitive(root, "data");
	if ((type = ev_str(root, "type")) != NULL && cJSON_IsObject(data))
		ev.data = data;
	else {
		ev.data = root;
		type = ev_str(root, "event_type");
	}
	ev.type = type != NULL ? type : ev.subject;
	snprintf(type_out, type_len, "%s", ev.type);
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strcmp(routes[i].type, ev.type) == 0)
			break;
	*why = "refused by its handler: a required field is missing or malformed";
	/* Anything else is a schedule trigger when it is in the trigger
	 * namespace (issue 10 finding 5), and else an event we do not take
	 * (a file.renamed of the storage service, say): acknowledged. */
	if (i < sizeof(routes) / sizeof(routes[0]))
		rc = routes[i].handle(&ev);
	else if (valid_subject_in(config_get()->trigger_subjects, ev.subject))
		rc = ev_trigger(&ev);
	else {
		log_info("consume: %s on %s: not an event the service takes; ignored",
		    ev.type, ev.subject);
		rc = ST_OK;
	}
cleanup:
	/* A handler must never leave a transaction open on this thread. */
	db_abandon();
	cJSON_Delete(root);
	return rc;
}

/*
 * The messages of the batch in hand, kept alive by a second thread: every
 * quarter of AckWait it sends InProgress for each one not yet answered, so
 * a slow handler (or a message waiting behind one) is never redelivered to
 * another listener while this one still works on it. held_mu also keeps an
 * InProgress and the answer of one message from overlapping.
 */
static pthread_mutex_t	 held_mu = PTHREAD_MUTEX_INITIALIZER;
static natsMsg		**held;
static int		 held_from, held_to;

/* Failures that happened with the database up (045), by stream sequence. */
static const char sql_failed[] =
    "INSERT INTO inbox_failures AS f (stream_seq, subject, attempts, last_error) "
    "VALUES ($1, $2, 1, $3) ON CONFLICT (stream_seq) DO UPDATE "
    "SET attempts = f.attempts + 1, last_error = $3, updated_at = now() "
    "RETURNING attempts";

static const char sql_attempts[] =
    "SELECT attempts FROM inbox_failures WHERE stream_seq = $1";

static const char sql_forget[] =
    "DELETE FROM inbox_failures WHERE stream_seq = $1";

/* The one integer a statement returns (0 for no row), or -1 on failure. */
static int
count_of(const char *sql, int n, const char *a, const char *b, const char *c)
{
	PGresult	*res = db_execv(sql, n, a, b, c);
	char		*end;
	long		 l;
	int		 v = -1;

	if (db_check(NULL, res, PGRES_TUPLES_OK) == ST_OK) {
		v = 0;
		if (PQntuples(res) > 0) {
			l = strtol(PQgetvalue(res, 0, 0), &end, 10);
			v = *end == '\0' && l >= 0 && l < 1000000 ? (int)l : MAX_DELIVER;
		}
	}
	PQclear(res);
	return v;
}

static void
forget(const char *seq)
{
	PGresult	*res = db_execv(sql_forget, 1, seq);

	db_check(NULL, res, PGRES_COMMAND_OK);
	PQclear(res);
}

/*
 * The consumer pauses while the database is away: an event then fails for
 * a reason that says nothing about the event, so it must not be used up.
 * JetStream redelivers without limit (MaxDeliver -1, jetstream.c); what
 * counts toward MAX_DELIVER is only a failure with the database up.
 */
static bool	 db_down;

enum answer { A_ACK, A_NAK, A_TERM };

/* What becomes of one message. */
struct verdict {
	enum answer	 a;
	int64_t		 delay_ms;	/* of A_NAK */
	const char	*why;		/* of A_TERM: MEDIA_DEAD's reason */
	char		 why_buf[160];
};

/* The verdict on a handler's failure rc on msg (stream sequence seq, ""
 * when unknown): a malformed event is terminated; any other failure is
 * counted (with the database up only) and retried with backoff until
 * MAX_DELIVER. Sets db_down when the database is away. */
static void
judge_failure(natsMsg *msg, const char *type, const char *seq, int rc,
    struct verdict *v)
{
	const char	*subject = natsMsg_GetSubject(msg);
	int		 attempts;

	if (rc == ST_INVALID || rc == ST_BAD_REQUEST) {
		log_warn("consume: %s on %s: malformed event: %s", type, subject,
		    v->why);
		v->a = A_TERM;
	} else if (!db_ping()) {
		log_warn("consume: %s on %s: the database is unavailable: pausing; "
		    "the event waits, its attempts untouched", type, subject);
		db_down = true;
	} else if (*seq == '\0' || (attempts = count_of(sql_failed, 3, seq,
	    subject, st_code(rc))) < 0) {
		db_down = true;
	} else if (attempts >= MAX_DELIVER) {
		log_error("consume: %s on %s: failed %d times with the database up; "
		    "to %s", type, subject, attempts, STREAM_DEAD);
		snprintf(v->why_buf, sizeof(v->why_buf), "failed %d times (last: %s)",
		    attempts, st_code(rc));
		v->why = v->why_buf;
		v->a = A_TERM;
	} else {
		log_warn("consume: %s on %s: attempt %d failed (%s), will retry", type,
		    subject, attempts, st_code(rc));
		v->delay_ms = (int64_t)RETRY_BASE_MS << (attempts - 1);
	}
}

/* The answer and the end of InProgress for this message, at once. */
static void
answer(natsMsg *msg, const struct verdict *v)
{
	pthread_mutex_lock(&held_mu);
	held_from++;
	if (v->a == A_ACK)
		natsMsg_AckSync(msg, NULL, NULL);
	else if (v->a == A_TERM)
		natsMsg_Term(msg, NULL);
	else
		natsMsg_NakWithDelay(msg, v->delay_ms, NULL);
	pthread_mutex_unlock(&held_mu);
}

/*
 * Decide what becomes of one message, outside the InProgress lock (this
 * runs the handler and database statements), then answer it under the
 * lock. Never is an event dropped without a trace: a permanent failure
 * goes to MEDIA_DEAD with its reason before the message is terminated,
 * and if that publish fails the message is redelivered instead.
 */
static void
handle(struct bus *b, natsMsg *msg)
{
	jsMsgMetaData	*meta = NULL;
	char		 type[64], seq[24] = "";
	struct verdict	 v = { .a = A_NAK, .delay_ms = DOWN_NAK_MS };
	uint64_t	 n = 1;
	int		 rc, attempts = 0;

	if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
		n = meta->NumDelivered;
		snprintf(seq, sizeof(seq), "%llu", (unsigned long long)meta->Sequence.Stream);
	}
	snprintf(type, sizeof(type), "%s", natsMsg_GetSubject(msg));
	/* Earlier failures, only if there may be any. */
	if (!db_down && n > 1 && *seq != '\0' &&
	    (attempts = count_of(sql_attempts, 1, seq, NULL, NULL)) < 0)
		db_down = true;
	/* While db_down, the rest of a batch fetched before the pause is
	 * answered with a NAK, untouched. */
	if (!db_down) {
		rc = dispatch(msg, meta, attempts + 1 >= MAX_DELIVER, type,
		    sizeof(type), &v.why);
		if (rc == ST_OK)
			v.a = A_ACK;
		else
			judge_failure(msg, type, seq, rc, &v);
		if (v.a == A_TERM && bus_dead_letter(b, msg, v.why) != ST_OK) {
			v.a = A_NAK;	/* kept, tried again */
			v.delay_ms = DOWN_NAK_MS;
		}
		if (v.a != A_NAK && n > 1 && *seq != '\0')
			forget(seq);
	}
	answer(msg, &v);
	jsMsgMetaData_Destroy(meta);
}

static void *
keeper_main(void *arg)
{
	struct timespec	 tick;
	int64_t		 every_ns = bus_ack_wait_ns() / 4, slept;
	int		 i;

	(void)arg;
	while (!listener_stopping) {
		/* Sleep in steps of at most 1 s, to notice the stop. */
		for (slept = 0; slept < every_ns && !listener_stopping; ) {
			int64_t	 step = every_ns - slept < 1000000000 ? every_ns - slept : 1000000000;

			tick.tv_sec = (time_t)(step / 1000000000);
			tick.tv_nsec = (long)(step % 1000000000);
			nanosleep(&tick, NULL);
			slept += step;
		}
		pthread_mutex_lock(&held_mu);
		for (i = held_from; held != NULL && i < held_to; i++)
			natsMsg_InProgress(held[i], NULL);
		pthread_mutex_unlock(&held_mu);
	}
	return NULL;
}

static void
keeper_start(void)
{
	pthread_t	 t;

	if (pthread_create(&t, NULL, keeper_main, NULL) == 0)
		pthread_detach(t);
	else
		log_error("consume: no InProgress thread; slow handlers may be redelivered");
}

void
consume_batch(struct bus *b, int wait_ms)
{
	static pthread_once_t	 once = PTHREAD_ONCE_INIT;
	natsMsgList		 list = { 0 };
	natsStatus		 s;
	int			 i;

	pthread_once(&once, keeper_start);
	/* Paused: no pull until the database answers again. */
	if (db_down) {
		if (!db_ping()) {
			nats_Sleep(DOWN_PROBE_MS);
			return;
		}
		db_down = false;
		log_info("consume: the database is back: pulling again");
	}
	s = natsSubscription_Fetch(&list, b->sub, FETCH_BATCH, wait_ms, NULL);
	if (s != NATS_OK && s != NATS_TIMEOUT) {
		/* Connection down: the client reconnects; do not spin. */
		log_warn("consume: fetch: %s", natsStatus_GetText(s));
		nats_Sleep(wait_ms);
	}
	pthread_mutex_lock(&held_mu);
	held = list.Msgs, held_from = 0, held_to = list.Count;
	pthread_mutex_unlock(&held_mu);
	for (i = 0; i < list.Count; i++) {
		handle(b, list.Msgs[i]);	/* moves held_from past it */
		natsMsg_Destroy(list.Msgs[i]);
		list.Msgs[i] = NULL;
	}
	pthread_mutex_lock(&held_mu);
	held = NULL, held_from = held_to = 0;
	pthread_mutex_unlock(&held_mu);
	natsMsgList_Destroy(&list);
}
