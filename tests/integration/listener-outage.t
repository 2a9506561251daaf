#!/usr/bin/env bash
# listener-outage.t: with NATS down, committed events wait in the outbox;
# when it is back they are all delivered, in order, none twice (contract §4).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

N=30
U=$(new_user)
trap 'fault_restore; rm -rf "$TAP_TMP"' EXIT

ok "$(fault_kill nats && echo 1)" "nats-server is stopped (by its PID)"

for i in $(seq $N); do
	sql "INSERT INTO outbox (event_type, aggregate_id, payload)
	     VALUES ('media.test.outage', :'v1', jsonb_build_object('seq', :'v2'::int, 'u', :'v1'::text))" "$U" "$i"
done
sleep 2
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND published_at IS NULL" "$U")" "$N" \
    "$N events committed while NATS is down wait unpublished"

fault_restore
ok "$(kill -0 "$(cat "$MEDIA_RUN_DIR/nats.pid")" 2>/dev/null && echo 1)" "nats-server is started again"
WAIT_S=60
is "$(wait_sql 0 "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND published_at IS NULL" "$U")" 0 \
    "after NATS is back every one is published"
dump=$(natsctl dump MEDIA_EVENTS media.test.outage | grep -F "\"$U\"" )
is "$(wc -l <<<"$dump" | tr -d ' ')" "$N" "JetStream holds $N of them"
is "$(cut -f2 <<<"$dump" | sort -u | wc -l | tr -d ' ')" "$N" "with $N distinct ids: 0 duplicates"
is "$(cut -f3 <<<"$dump" | jq -r .seq | tr '\n' ' ')" "$(seq -s ' ' 1 $N) " "in commit order"
echo "# outage: $N committed while NATS was down, $(wc -l <<<"$dump" | tr -d ' ') delivered after, $((N - $(cut -f2 <<<"$dump" | sort -u | wc -l))) duplicates"

# Consumed events flow again too.
mkdir -p "$MEDIA_STORAGE_DIR/$U"
mkjpeg "$MEDIA_STORAGE_DIR/$U/${U}_back" 64 64 sharp 128 10
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_back\",\"user_id\":\"$U\"}"
is "$(wait_sql t "SELECT full_metadata ? 'analyzed_at' FROM photo_metadata WHERE file_id = :'v1'" "${U}_back")" t \
    "and the consumer handles new events"
done_testing
