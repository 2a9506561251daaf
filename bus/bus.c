/* bus.c: connecting to NATS, making a stream, publishing with a dedup id:
 * the NATS code media-listener and media-import share (issue 12). */
#include <stdbool.h>
#include <string.h>

#include <nats/nats.h>

#include "bus.h"
#include "config.h"
#include "log.h"
#include "status.h"

#define PUBLISH_WAIT_MS		2000
#define RECONNECT_WAIT_MS	500
#define NS_PER_S		(1000LL * 1000 * 1000)

const char *const bus_inbox_subjects[BUS_INBOX_N] = { "file.*", "device.*", "user.*" };

natsStatus
bus_connect(struct bus *b, const char *url, const char *name)
{
	natsOptions	*o = NULL;
	jsOptions	 jo;
	natsStatus	 s;

	if ((s = natsOptions_Create(&o)) != NATS_OK ||
	    (s = natsOptions_SetURL(o, url)) != NATS_OK ||
	    (s = natsOptions_SetName(o, name)) != NATS_OK ||
	    (s = natsOptions_SetMaxReconnect(o, -1)) != NATS_OK ||
	    (s = natsOptions_SetReconnectWait(o, RECONNECT_WAIT_MS)) != NATS_OK ||
	    (s = natsConnection_Connect(&b->nc, o)) != NATS_OK)
		goto cleanup;
	jsOptions_Init(&jo);
	s = natsConnection_JetStream(&b->js, b->nc, &jo);
cleanup:
	natsOptions_Destroy(o);
	if (s != NATS_OK)
		bus_close(b);
	return s;
}

void
bus_close(struct bus *b)
{
	natsSubscription_Destroy(b->sub);
	jsCtx_Destroy(b->js);
	natsConnection_Destroy(b->nc);
	b->sub = NULL;
	b->js = NULL;
	b->nc = NULL;
}

bool
bus_connected(const struct bus *b)
{
	return b->nc != NULL && natsConnection_Status(b->nc) == NATS_CONN_STATUS_CONNECTED;
}

natsStatus
bus_ensure_stream(struct bus *b, const char *name, const char **subjects, int n,
    jsRetentionPolicy r, int64_t dup_ns, int64_t max_age_ns)
{
	jsStreamConfig	 sc;
	jsStreamInfo	*si = NULL, *up = NULL;
	jsErrCode	 jerr = 0;
	natsStatus	 s;
	int64_t		 had;

	if ((s = js_GetStreamInfo(&si, b->js, name, NULL, &jerr)) == NATS_OK) {
		/* A stream made by an older listener keeps 2 minutes of
		 * duplicates, and every message forever. */
		if ((dup_ns == 0 || si->Config->Duplicates == dup_ns) &&
		    (max_age_ns == 0 || si->Config->MaxAge == max_age_ns))
			goto cleanup;
		had = si->Config->Duplicates;
		if (dup_ns != 0)
			si->Config->Duplicates = dup_ns;
		if (max_age_ns != 0)
			si->Config->MaxAge = max_age_ns;
		if ((s = js_UpdateStream(&up, b->js, si->Config, NULL, &jerr)) == NATS_OK)
			log_info("bus: stream %s: duplicate window %llds (was %llds), "
			    "max age %llds", name, (long long)(si->Config->Duplicates / NS_PER_S),
			    (long long)(had / NS_PER_S), (long long)(si->Config->MaxAge / NS_PER_S));
		jsStreamInfo_Destroy(up);
		goto cleanup;
	}
	if (jerr != JSStreamNotFoundErr && s != NATS_NOT_FOUND)
		goto cleanup;
	jsStreamConfig_Init(&sc);
	sc.Name = name;
	sc.Subjects = subjects;
	sc.SubjectsLen = n;
	sc.Retention = r;
	sc.Storage = js_FileStorage;
	sc.Duplicates = dup_ns;
	sc.MaxAge = max_age_ns;
	if ((s = js_AddStream(&si, b->js, &sc, NULL, &jerr)) != NATS_OK) {
		/* Another program may have made it meanwhile. */
		jsStreamInfo_Destroy(si);
		si = NULL;
		s = js_GetStreamInfo(&si, b->js, name, NULL, &jerr);
	}
cleanup:
	if (s != NATS_OK)
		log_error("bus: stream %s: %s (%d)", name, natsStatus_GetText(s), (int)jerr);
	jsStreamInfo_Destroy(si);
	return s;
}

/* True if the stream's subjects are exactly want[0..n). */
static bool
same_subjects(const jsStreamConfig *c, const char **want, int n)
{
	int	 i, k;

	if (c->SubjectsLen != n)
		return false;
	for (i = 0; i < n; i++) {
		for (k = 0; k < n && strcmp(c->Subjects[k], want[i]) != 0; k++)
			;
		if (k == n)
			return false;
	}
	return true;
}

natsStatus
bus_ensure_inbox(struct bus *b)
{
	const char	*want[BUS_INBOX_N + 1], **had;
	jsStreamInfo	*si = NULL, *up = NULL;
	jsErrCode	 jerr = 0;
	natsStatus	 s;
	int		 i, n_had;

	for (i = 0; i < BUS_INBOX_N; i++)
		want[i] = bus_inbox_subjects[i];
	want[BUS_INBOX_N] = config_get()->trigger_subjects;
	if ((s = bus_ensure_stream(b, STREAM_INBOX, want, BUS_INBOX_N + 1,
	    js_WorkQueuePolicy, 0, 0)) != NATS_OK ||
	    (s = js_GetStreamInfo(&si, b->js, STREAM_INBOX, NULL, &jerr)) != NATS_OK ||
	    same_subjects(si->Config, want, BUS_INBOX_N + 1))
		goto cleanup;
	had = si->Config->Subjects;	/* lent want for the call, then put back */
	n_had = si->Config->SubjectsLen;
	si->Config->Subjects = want;
	si->Config->SubjectsLen = BUS_INBOX_N + 1;
	s = js_UpdateStream(&up, b->js, si->Config, NULL, &jerr);
	si->Config->Subjects = had;
	si->Config->SubjectsLen = n_had;
	if (s == NATS_OK)
		log_info("bus: %s captures file.*, device.*, user.* and %s", STREAM_INBOX,
		    want[BUS_INBOX_N]);
cleanup:
	if (s != NATS_OK)
		log_error("bus: stream %s: %s (%d)", STREAM_INBOX, natsStatus_GetText(s), (int)jerr);
	jsStreamInfo_Destroy(up);
	jsStreamInfo_Destroy(si);
	return s;
}

int
bus_publish(struct bus *b, const char *subject, const char *msg_id, const char *body)
{
	jsPubOptions	 po;
	jsPubAck	*ack = NULL;
	jsErrCode	 jerr = 0;
	natsStatus	 s;

	jsPubOptions_Init(&po);
	po.MsgId = msg_id;
	po.MaxWait = PUBLISH_WAIT_MS;
	s = js_Publish(&ack, b->js, subject, body, (int)strlen(body), &po, &jerr);
	jsPubAck_Destroy(ack);
	if (s != NATS_OK) {
		log_warn("bus_publish: %s %s: %s (%d)", subject, msg_id,
		    natsStatus_GetText(s), (int)jerr);
		return ST_UNAVAILABLE;
	}
	return ST_OK;
}
