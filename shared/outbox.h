/* outbox.h: events written in the caller's transaction (contract §4). */
#ifndef SHARED_OUTBOX_H
#define SHARED_OUTBOX_H

struct req;

/*
 * Add one event to the outbox table, inside whatever transaction (or
 * single statement) the caller is in, so the event commits with the change
 * or not at all. payload_json is a JSON object of the event's fields; the
 * relay adds event_id, event_type and timestamp when it publishes.
 * Returns a status (recorded in r on failure).
 */
int	outbox_add(struct req *r, const char *event_type, const char *aggregate_id,
	    const char *payload_json);

#endif
