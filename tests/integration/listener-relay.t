#!/usr/bin/env bash
# listener-relay.t: outbox rows reach JetStream stream MEDIA_EVENTS with
# Nats-Msg-Id = event_id, and are marked published (contract §4).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"Relayed"}'
status_is 201 "a playlist is created (its event goes to the outbox)"
PL=$(jq -r .playlist_id <<<"$BODY")
EVT=$(sql "SELECT event_id FROM outbox WHERE aggregate_id = :'v1'" "$PL")
is "$(wait_sql t "SELECT published_at IS NOT NULL FROM outbox WHERE event_id = :'v1'" "$EVT")" t \
    "the outbox row is marked published"
line=$(natsctl dump MEDIA_EVENTS media.playlist.updated | grep -F "$EVT")
is "$(cut -f1 <<<"$line")" media.playlist.updated "the subject is the event type"
is "$(cut -f2 <<<"$line")" "$EVT" "Nats-Msg-Id is the row's event_id"
msg=$(cut -f3 <<<"$line")
is "$(jq -r '[.event_id, .event_type, .playlist_id, .user_id]|join(",")' <<<"$msg")" \
    "$EVT,media.playlist.updated,$PL,$U" "the message is the payload plus event_id and event_type"
ok "$(jq -r .timestamp <<<"$msg" | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')" \
    "and an RFC 3339 timestamp"

# Many rows of one aggregate: all published, in order, each once.
sql "INSERT INTO outbox (event_type, aggregate_id, payload)
     SELECT 'media.test.relay', :'v1', jsonb_build_object('seq', g, 'u', :'v1'::text) FROM generate_series(1, 250) g" "$U"
is "$(wait_sql 0 "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND published_at IS NULL" "$U")" 0 \
    "250 rows committed at once are all published"
seqs=$(natsctl dump MEDIA_EVENTS media.test.relay | cut -f3 | jq -r --arg u "$U" 'select(.u == $u) | .seq' | tr '\n' ' ')
is "$seqs" "$(seq -s ' ' 1 250) " "JetStream holds them once each, in commit order"
done_testing
