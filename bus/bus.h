/* bus.h: the NATS JetStream connection of the two programs that speak
 * NATS, media-listener and media-import (no FastCGI program links this). */
#ifndef BUS_BUS_H
#define BUS_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include <nats/nats.h>

#define STREAM_EVENTS	"MEDIA_EVENTS"	/* what the service publishes: media.> */
#define STREAM_INBOX	"MEDIA_INBOX"	/* what it consumes: file.*, device.*, … */

/* The subjects MEDIA_INBOX captures (contract §4): these, and the
 * trigger namespace MEDIA_TRIGGER_SUBJECTS (issue 10 finding 5). */
#define BUS_INBOX_N	3
extern const char *const bus_inbox_subjects[BUS_INBOX_N];

/* A connection and its JetStream context; sub is the listener's pull
 * subscription (NULL elsewhere). Start it zeroed. */
struct bus {
	natsConnection		*nc;
	jsCtx			*js;
	natsSubscription	*sub;	/* the listener's pull subscription */
	natsSubscription	*hook;	/* the listener's test hook (days.c), or NULL */
};

/*
 * One attempt to connect to url as client name, and the JetStream
 * context. Once connected the client reconnects on its own, forever.
 * NATS_OK, or the failure (not logged: the caller knows whether it will
 * retry); on failure the bus is left closed.
 */
natsStatus bus_connect(struct bus *, const char *url, const char *name);
/* Close what bus_connect (and the caller) made; NULL-safe fields. */
void	 bus_close(struct bus *);
/* True while the connection is up. */
bool	 bus_connected(const struct bus *);
/*
 * Create stream name with subjects (retention r; duplicate window dup_ns,
 * or JetStream's default when 0; messages kept at most max_age_ns, or
 * forever when 0) unless it exists; an existing stream gets dup_ns and
 * max_age_ns when they are not 0. NATS_OK or the failure (logged).
 */
natsStatus bus_ensure_stream(struct bus *, const char *name, const char **subjects,
	    int n, jsRetentionPolicy r, int64_t dup_ns, int64_t max_age_ns);
/* MEDIA_INBOX with bus_inbox_subjects and the trigger namespace, work-
 * queue retention, so an event published while no listener runs waits for
 * one; an existing stream's subjects are set to exactly these (a stream
 * of an older listener held one subject per schedule). As
 * bus_ensure_stream. */
natsStatus bus_ensure_inbox(struct bus *);
/*
 * Publish body on subject with Nats-Msg-Id msg_id (a retried publish is
 * deduplicated within the stream's window) and wait for the ack. ST_OK
 * once JetStream stored (or deduplicated) it, else ST_UNAVAILABLE (logged).
 */
int	 bus_publish(struct bus *, const char *subject, const char *msg_id,
	    const char *body);

#endif
