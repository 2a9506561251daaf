/* natsctl.c: the NATS side of the listener tests (the nats CLI is not a
 * Debian package). Server: $MEDIA_NATS_URL.
 *
 *   natsctl pub SUBJECT DATA        JetStream publish, wait for the ack
 *   natsctl dump STREAM [FILTER]    every message: subject TAB msg-id TAB data
 *   natsctl subjects STREAM         the stream's subjects, one a line
 *   natsctl pending STREAM CONSUMER "num_pending num_ack_pending"
 *   natsctl dumph STREAM HEADER [FILTER]  the same with HEADER's value as column 2
 *   natsctl limits STREAM [CONSUMER]  "duplicates_s N max_age_s N" or "ack_wait_s N max_deliver N"
 *   natsctl req SUBJECT DATA        core request, print the reply (30 s)
 *
 * Exit status 0 on success, 1 on any failure (with a line on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nats/nats.h>

static int
fail(const char *what, natsStatus s, jsErrCode jerr)
{
	fprintf(stderr, "natsctl: %s: %s (%d)\n", what, natsStatus_GetText(s), (int)jerr);
	return 1;
}

static int
pub(jsCtx *js, const char *subject, const char *data)
{
	jsPubAck	*ack = NULL;
	jsErrCode	 jerr = 0;
	natsStatus	 s;

	s = js_Publish(&ack, js, subject, data, (int)strlen(data), NULL, &jerr);
	jsPubAck_Destroy(ack);
	return s == NATS_OK ? 0 : fail("publish", s, jerr);
}

static int
req(natsConnection *nc, const char *subject, const char *data)
{
	natsMsg		*m = NULL;
	natsStatus	 s;

	s = natsConnection_RequestString(&m, nc, subject, data, 30000);
	if (s != NATS_OK)
		return fail("request", s, 0);
	printf("%.*s\n", natsMsg_GetDataLength(m), natsMsg_GetData(m));
	natsMsg_Destroy(m);
	return 0;
}

static int
dump(jsCtx *js, const char *stream, const char *filter, const char *header)
{
	jsSubOptions		 so;
	natsSubscription	*sub = NULL;
	natsMsg			*m = NULL;
	jsErrCode		 jerr = 0;
	natsStatus		 s;
	const char		*id;

	jsSubOptions_Init(&so);
	so.Stream = stream;
	so.Ordered = true;
	so.Config.DeliverPolicy = js_DeliverAll;
	s = js_SubscribeSync(&sub, js, filter, NULL, &so, &jerr);
	if (s != NATS_OK)
		return fail("subscribe", s, jerr);
	/* An ordered consumer delivers the stream in order; a second of
	 * silence means we have it all. */
	while (natsSubscription_NextMsg(&m, sub, 1000) == NATS_OK) {
		if (natsMsgHeader_Get(m, header, &id) != NATS_OK)
			id = "-";
		printf("%s\t%s\t%.*s\n", natsMsg_GetSubject(m), id,
		    natsMsg_GetDataLength(m), natsMsg_GetData(m));
		natsMsg_Destroy(m);
	}
	natsSubscription_Unsubscribe(sub);
	natsSubscription_Destroy(sub);
	return 0;
}

static int
subjects(jsCtx *js, const char *stream)
{
	jsStreamInfo	*si = NULL;
	jsErrCode	 jerr = 0;
	natsStatus	 s;
	int		 i;

	if ((s = js_GetStreamInfo(&si, js, stream, NULL, &jerr)) != NATS_OK)
		return fail("stream info", s, jerr);
	for (i = 0; i < si->Config->SubjectsLen; i++)
		printf("%s\n", si->Config->Subjects[i]);
	jsStreamInfo_Destroy(si);
	return 0;
}

static int
pending(jsCtx *js, const char *stream, const char *consumer)
{
	jsConsumerInfo	*ci = NULL;
	jsErrCode	 jerr = 0;
	natsStatus	 s;

	if ((s = js_GetConsumerInfo(&ci, js, stream, consumer, NULL, &jerr)) != NATS_OK)
		return fail("consumer info", s, jerr);
	printf("%llu %lld\n", (unsigned long long)ci->NumPending,
	    (long long)ci->NumAckPending);
	jsConsumerInfo_Destroy(ci);
	return 0;
}

static int
limits(jsCtx *js, const char *stream, const char *consumer)
{
	jsStreamInfo	*si = NULL;
	jsConsumerInfo	*ci = NULL;
	jsErrCode	 jerr = 0;
	natsStatus	 s;

	if (consumer == NULL) {
		if ((s = js_GetStreamInfo(&si, js, stream, NULL, &jerr)) != NATS_OK)
			return fail("stream info", s, jerr);
		printf("duplicates_s %lld max_age_s %lld\n",
		    (long long)(si->Config->Duplicates / 1000000000),
		    (long long)(si->Config->MaxAge / 1000000000));
		jsStreamInfo_Destroy(si);
		return 0;
	}
	if ((s = js_GetConsumerInfo(&ci, js, stream, consumer, NULL, &jerr)) != NATS_OK)
		return fail("consumer info", s, jerr);
	printf("ack_wait_s %lld max_deliver %lld\n", (long long)(ci->Config->AckWait / 1000000000),
	    (long long)ci->Config->MaxDeliver);
	jsConsumerInfo_Destroy(ci);
	return 0;
}

int
main(int argc, char **argv)
{
	const char	*url = getenv("MEDIA_NATS_URL");
	natsConnection	*nc = NULL;
	jsCtx		*js = NULL;
	natsStatus	 s;
	int		 rc = 2;

	if (argc < 3) {
		fprintf(stderr, "usage: natsctl pub|dump|dumph|subjects|pending|limits|req ARGS...\n");
		return 2;
	}
	if ((s = natsConnection_ConnectTo(&nc, url ? url : NATS_DEFAULT_URL)) != NATS_OK ||
	    (s = natsConnection_JetStream(&js, nc, NULL)) != NATS_OK) {
		rc = fail("connect", s, 0);
		goto cleanup;
	}
	if (strcmp(argv[1], "pub") == 0 && argc == 4)
		rc = pub(js, argv[2], argv[3]);
	else if (strcmp(argv[1], "dump") == 0 && (argc == 3 || argc == 4))
		rc = dump(js, argv[2], argc == 4 ? argv[3] : ">", "Nats-Msg-Id");
	else if (strcmp(argv[1], "dumph") == 0 && (argc == 4 || argc == 5))
		rc = dump(js, argv[2], argc == 5 ? argv[4] : ">", argv[3]);
	else if (strcmp(argv[1], "subjects") == 0 && argc == 3)
		rc = subjects(js, argv[2]);
	else if (strcmp(argv[1], "pending") == 0 && argc == 4)
		rc = pending(js, argv[2], argv[3]);
	else if (strcmp(argv[1], "limits") == 0 && (argc == 3 || argc == 4))
		rc = limits(js, argv[2], argc == 4 ? argv[3] : NULL);
	else if (strcmp(argv[1], "req") == 0 && argc == 4)
		rc = req(nc, argv[2], argv[3]);
	else
		fprintf(stderr, "natsctl: bad arguments\n");
cleanup:
	jsCtx_Destroy(js);
	natsConnection_Destroy(nc);
	nats_Close();
	return rc;
}
