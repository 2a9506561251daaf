/* jetstream.c: the listener's streams and durable consumer (contract §4),
 * the dead-letter stream and the trigger subjects; connecting, making a
 * stream and publishing are bus/bus.c's, shared with media-import. */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <nats/nats.h>

#include "bus.h"
#include "config.h"
#include "db.h"
#include "listener.h"
#include "log.h"
#include "status.h"

#define PUBLISH_WAIT_MS		2000	/* of a dead-letter publish */
#define NS_PER_S		(1000LL * 1000 * 1000)
/*
 * Nats-Msg-Id deduplicates only within the stream's Duplicates window
 * (JetStream's default: 2 minutes). A relay that published a row and lost
 * the database before marking it publishes it again once the database is
 * back, however long that took: the window must cover a long outage.
 */
#define EVENTS_DUPLICATES_NS	(24LL * 3600 * NS_PER_S)
/*
 * AckWait: well past the longest handler (file.uploaded: a 30 s download,
 * a 10 s AI call, database work under a 10 s statement_timeout), and
 * consume.c sends InProgress every quarter of it while a message is held,
 * so a slow handler is never redelivered to another listener meanwhile.
 * MEDIA_ACK_WAIT_S overrides it (the tests).
 */
#define ACK_WAIT_S_DEFAULT	120
#define MAX_ACK_PENDING		256
#define RETRY_MS		500

int64_t
bus_ack_wait_ns(void)
{
	return (int64_t)config_long("MEDIA_ACK_WAIT_S", ACK_WAIT_S_DEFAULT) * NS_PER_S;
}

/* The durable pull consumer all listeners share: explicit ack, bounded
 * redelivery (contract §4, issue 5 item 5). */
static natsStatus
ensure_consumer(jsCtx *js)
{
	jsConsumerConfig	 cc;
	jsConsumerInfo		*ci = NULL, *up = NULL;
	jsErrCode		 jerr = 0;
	natsStatus		 s;
	int64_t			 ack_wait = bus_ack_wait_ns();

	if ((s = js_GetConsumerInfo(&ci, js, STREAM_INBOX, CONSUMER, NULL, &jerr)) == NATS_OK) {
		/* A consumer made by an older listener (or another setting). */
		if (ci->Config->AckWait == ack_wait && ci->Config->MaxDeliver == -1)
			goto cleanup;
		ci->Config->AckWait = ack_wait;
		ci->Config->MaxDeliver = -1;
		if ((s = js_UpdateConsumer(&up, js, STREAM_INBOX, ci->Config, NULL, &jerr)) == NATS_OK)
			log_info("bus: consumer %s: AckWait now %llds, MaxDeliver unlimited",
			    CONSUMER, (long long)(ack_wait / NS_PER_S));
		jsConsumerInfo_Destroy(up);
		goto cleanup;
	}
	jsConsumerConfig_Init(&cc);
	cc.Durable = CONSUMER;
	cc.AckPolicy = js_AckExplicit;
	cc.DeliverPolicy = js_DeliverAll;
	cc.AckWait = ack_wait;
	/* Unlimited: consume.c counts only failures with the database up
	 * (MAX_DELIVER) and dead-letters after them; a database outage must
	 * not use up an event's attempts (issue 10, finding 1). */
	cc.MaxDeliver = -1;
	cc.MaxAckPending = MAX_ACK_PENDING;
	if ((s = js_AddConsumer(&ci, js, STREAM_INBOX, &cc, NULL, &jerr)) != NATS_OK) {
		jsConsumerInfo_Destroy(ci);
		ci = NULL;
		s = js_GetConsumerInfo(&ci, js, STREAM_INBOX, CONSUMER, NULL, &jerr);
	}
cleanup:
	if (s != NATS_OK)
		log_error("bus: consumer %s: %s (%d)", CONSUMER, natsStatus_GetText(s), (int)jerr);
	jsConsumerInfo_Destroy(ci);
	return s;
}

/* MEDIA_EVENTS keeps an event MEDIA_EVENTS_MAX_AGE_H hours (default 168,
 * as the outbox): its payloads hold user ids, labels and URLs, which must
 * not outlive an erasure by more than that (issue 10 finding 8). Never
 * shorter than the duplicate window, which JetStream refuses. */
static int64_t
events_max_age_ns(void)
{
	int64_t	 age = (int64_t)config_long("MEDIA_EVENTS_MAX_AGE_H", 168) * 3600 * NS_PER_S;

	return age < EVENTS_DUPLICATES_NS ? EVENTS_DUPLICATES_NS : age;
}

/* One attempt at the whole setup. */
static natsStatus
setup(struct bus *b)
{
	jsSubOptions	 so;
	const char	*events[] = { "media.>" }, *dead[] = { DEAD_PREFIX ">" };
	natsStatus	 s;

	if ((s = bus_connect(b, config_get()->nats_url, "media-listener")) != NATS_OK ||
	    (s = bus_ensure_stream(b, STREAM_EVENTS, events, 1, js_LimitsPolicy,
	    EVENTS_DUPLICATES_NS, events_max_age_ns())) != NATS_OK ||
	    (s = bus_ensure_inbox(b)) != NATS_OK ||
	    (s = bus_ensure_stream(b, STREAM_DEAD, dead, 1, js_LimitsPolicy,
	    EVENTS_DUPLICATES_NS, 0)) != NATS_OK ||
	    (s = ensure_consumer(b->js)) != NATS_OK)
		return s;
	jsSubOptions_Init(&so);
	so.Stream = STREAM_INBOX;
	so.Consumer = CONSUMER;
	return js_PullSubscribe(&b->sub, b->js, NULL, CONSUMER, NULL, &so, NULL);
}

int
bus_open(struct bus *b)
{
	natsStatus	 s;

	while (!listener_stopping) {
		if ((s = setup(b)) == NATS_OK) {
			log_info("bus: connected to %s", config_get()->nats_url);
			return ST_OK;
		}
		log_warn("bus: %s: %s; retrying", config_get()->nats_url,
		    natsStatus_GetText(s));
		bus_close(b);
		nats_Sleep(RETRY_MS);
	}
	return ST_UNAVAILABLE;
}

int
bus_dead_letter(struct bus *b, natsMsg *msg, const char *reason)
{
	jsMsgMetaData	*meta = NULL;
	natsMsg		*dead = NULL;
	jsPubOptions	 po;
	jsPubAck	*ack = NULL;
	jsErrCode	 jerr = 0;
	natsStatus	 s;
	char		 subject[512], seq[24] = "", n[24] = "", id[48];
	int		 rc = ST_UNAVAILABLE;

	if (snprintf(subject, sizeof(subject), "%s%s", DEAD_PREFIX,
	    natsMsg_GetSubject(msg)) >= (int)sizeof(subject))
		snprintf(subject, sizeof(subject), "%s%s", DEAD_PREFIX, "too-long");
	if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
		snprintf(seq, sizeof(seq), "%llu", (unsigned long long)meta->Sequence.Stream);
		snprintf(n, sizeof(n), "%llu", (unsigned long long)meta->NumDelivered);
	}
	if ((s = natsMsg_Create(&dead, subject, NULL, natsMsg_GetData(msg),
	    natsMsg_GetDataLength(msg))) != NATS_OK ||
	    (s = natsMsgHeader_Set(dead, "Media-Dead-Reason", reason)) != NATS_OK ||
	    (s = natsMsgHeader_Set(dead, "Media-Dead-Subject", natsMsg_GetSubject(msg))) != NATS_OK ||
	    (*seq != '\0' && (s = natsMsgHeader_Set(dead, "Media-Dead-Stream-Seq", seq)) != NATS_OK) ||
	    (*n != '\0' && (s = natsMsgHeader_Set(dead, "Media-Dead-Deliveries", n)) != NATS_OK))
		goto cleanup;
	jsPubOptions_Init(&po);
	/* A retried dead-letter (stored, then the Term was lost) is dropped. */
	if (*seq != '\0') {
		snprintf(id, sizeof(id), "inbox-%s", seq);
		po.MsgId = id;
	}
	po.MaxWait = PUBLISH_WAIT_MS;
	if ((s = js_PublishMsg(&ack, b->js, dead, &po, &jerr)) == NATS_OK)
		rc = ST_OK;
cleanup:
	if (rc != ST_OK)
		log_error("bus_dead_letter: %s: %s (%d); the event stays in %s", subject,
		    natsStatus_GetText(s), (int)jerr, STREAM_INBOX);
	jsPubAck_Destroy(ack);
	natsMsg_Destroy(dead);
	jsMsgMetaData_Destroy(meta);
	return rc;
}

