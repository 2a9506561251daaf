#!/usr/bin/env bash
# listener-retention.t: the relay removes published outbox rows older than
# MEDIA_OUTBOX_KEEP_HOURS (the events live on in JetStream), and never a
# row that is recent or not yet published.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

A=$(new_user)
trap 'own_listener_stop sweep; stack_listener_start; rm -rf "$TAP_TMP"' EXIT
# The stack's listener sweeps too (168 h): it could take the old row first
# and leave this test's listener nothing to say.
stack_listener_stop
sql "INSERT INTO outbox (event_type, aggregate_id, payload, created_at, published_at) VALUES
     ('media.test.old', :'v1', '{}', now() - interval '200 hours', now() - interval '200 hours'),
     ('media.test.recent', :'v1', '{}', now() - interval '2 hours', now() - interval '1 hour')" "$A" >/dev/null

own_listener_start sweep MEDIA_OUTBOX_KEEP_HOURS=100 MEDIA_OUTBOX_SWEEP_S=1
is "$(wait_sql 0 "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.test.old'" "$A")" 0 \
    "a row published 200 hours ago goes with a retention of 100 hours"
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.test.recent'" "$A")" 1 \
    "a row published an hour ago stays"

# An old row that was never published is relayed first, then kept as recent.
sql "INSERT INTO outbox (event_type, aggregate_id, payload, created_at)
     VALUES ('media.test.unsent', :'v1', '{}', now() - interval '200 hours')" "$A" >/dev/null
is "$(wait_sql t "SELECT published_at IS NOT NULL FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.test.unsent'" "$A")" t \
    "an old unpublished row is published, not removed"
sleep 2
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.test.unsent'" "$A")" 1 \
    "and stays after further sweeps"
ok "$(grep -q 'removed [0-9]* published outbox rows' "$MEDIA_LOG_DIR/listener-sweep.log" && echo 1)" \
    "the sweep says what it removed"
done_testing
