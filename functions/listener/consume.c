/* consume.c: consumed events from the durable pull consumer: parse the
 * flat or envelope form, route by event type, then ack, retry or give up. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <nats/nats.h>

#include "db.h"
#include "listener.h"
#include "log.h"
#include "status.h"

#define FETCH_BATCH	8
#define EVENT_MAX	(256 * 1024)
#define RETRY_BASE_MS	500

/* The route table (style.md: the listener uses the table idea too). Any
 * other subject reaching the consumer is a schedule's trigger_event. */
static const struct route {
	const char	*type;
	int		(*handle)(const struct event *);
} routes[] = {
	{ "file.uploaded",	ev_file_uploaded },
	{ "file.deleted",	ev_file_deleted },
	{ "device.registered",	ev_device_registered },
	{ "user.deleted",	ev_user_deleted },
};

/* Handle one message; a status says what to do with it. */
static int
dispatch(natsMsg *msg, const jsMsgMetaData *meta, char *type_out, size_t type_len)
{
	struct event	 ev = { .subject = natsMsg_GetSubject(msg), .msg = msg,
			    .last_attempt = meta == NULL || meta->NumDelivered >= MAX_DELIVER,
			    .stored_ns = meta != NULL ? meta->Timestamp : 0 };
	cJSON		*root = NULL;
	const cJSON	*data;
	const char	*type;
	size_t		 i;
	int		 rc = ST_INVALID, len = natsMsg_GetDataLength(msg);

	snprintf(type_out, type_len, "%s", ev.subject);
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
	rc = i < sizeof(routes) / sizeof(routes[0]) ? routes[i].handle(&ev) :
	    ev_trigger(&ev);
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

/* Ack after the handler committed; a malformed event is terminated (it
 * will never succeed); anything else is redelivered with backoff until
 * MAX_DELIVER, and then given up with an error in the log. */
static void
handle(natsMsg *msg)
{
	jsMsgMetaData	*meta = NULL;
	char		 type[64];
	uint64_t	 n = 1;
	int		 rc;

	if (natsMsg_GetMetaData(&meta, msg) == NATS_OK)
		n = meta->NumDelivered;
	rc = dispatch(msg, meta, type, sizeof(type));
	/* The answer and the end of InProgress for this message, at once. */
	pthread_mutex_lock(&held_mu);
	held_from++;
	if (rc == ST_OK)
		natsMsg_AckSync(msg, NULL, NULL);
	else if (rc == ST_INVALID || rc == ST_BAD_REQUEST) {
		log_warn("consume: %s on %s: malformed event dropped", type,
		    natsMsg_GetSubject(msg));
		natsMsg_Term(msg, NULL);
	} else if (n >= MAX_DELIVER) {
		log_error("consume: %s on %s: failed %llu times, giving up", type,
		    natsMsg_GetSubject(msg), (unsigned long long)n);
		natsMsg_Term(msg, NULL);
	} else {
		log_warn("consume: %s on %s: attempt %llu failed, will retry", type,
		    natsMsg_GetSubject(msg), (unsigned long long)n);
		natsMsg_NakWithDelay(msg, (int64_t)RETRY_BASE_MS << (n - 1), NULL);
	}
	pthread_mutex_unlock(&held_mu);
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
		handle(list.Msgs[i]);	/* moves held_from past it */
		natsMsg_Destroy(list.Msgs[i]);
		list.Msgs[i] = NULL;
	}
	pthread_mutex_lock(&held_mu);
	held = NULL, held_from = held_to = 0;
	pthread_mutex_unlock(&held_mu);
	natsMsgList_Destroy(&list);
}
