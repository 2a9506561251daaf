#!/usr/bin/env bash
# listener-db-outage.t: consumed events survive a database outage (issue
# 10, finding 1). pgbouncer is stopped (by its PID) for ~12 s while
# user.deleted and file.deleted arrive; a transient failure never counts
# toward the delivery limit, so after it returns every one is handled (a
# GDPR erasure is never dropped). An event that fails for a permanent
# reason lands in MEDIA_DEAD with the reason, never silently terminated.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

N=5
R=$(new_user)	# this run's prefix
users=() files=()
for i in $(seq $N); do
	u=${R}_u$i
	users+=("$u")
	api POST "/playlists?user_id=$u" '{"name":"to erase"}'
	f=${R}_f$i
	files+=("$f")
	api PUT "/metadata/$f?user_id=$R" '{"camera_make":"Canon"}'
done
is "$(sql "SELECT count(*) FROM playlists WHERE user_id LIKE :'v1' || '_u%'" "$R")" $N "setup: $N users with a playlist"
is "$(sql "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1'" "$R")" $N "and $N photos with metadata"

L0=$(wc -l <"$MEDIA_LOG_DIR/listener.log")
trap 'fault_restore; rm -rf "$TAP_TMP"' EXIT
ok "$(fault_kill pgbouncer && echo 1)" "pgbouncer is stopped (by its PID)"
t0=$(date +%s)
for i in $(seq 0 $((N - 1))); do
	publish user.deleted "{\"event_type\":\"user.deleted\",\"user_id\":\"${users[$i]}\"}"
	publish file.deleted "{\"event_type\":\"file.deleted\",\"file_id\":\"${files[$i]}\",\"user_id\":\"$R\"}"
	sleep 1
done
while [ $(($(date +%s) - t0)) -lt 12 ]; do sleep 0.5; done
fault_restore
ok "$(kill -0 "$(cat "$MEDIA_RUN_DIR/pgbouncer.pid")" 2>/dev/null && echo 1)" "pgbouncer is back after $(($(date +%s) - t0)) s"

WAIT_S=60
is "$(wait_sql 0 "SELECT count(*) FROM playlists WHERE user_id LIKE :'v1' || '_u%'" "$R")" 0 \
    "every user.deleted that arrived during the outage was handled"
is "$(wait_sql 0 "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1'" "$R")" 0 \
    "and every file.deleted"
ok "$(! tail -n +$((L0 + 1)) "$MEDIA_LOG_DIR/listener.log" | grep -aq 'giving up' && echo 1)" \
    "the listener gave up on none"
ok "$(tail -n +$((L0 + 1)) "$MEDIA_LOG_DIR/listener.log" | grep -aq 'database is unavailable: pausing' && echo 1)" \
    "it paused instead"
is "$(natsctl dump MEDIA_DEAD 2>/dev/null | grep -c "$R")" 0 "and dead-lettered none of them"

# Permanent failures: a body that is not JSON, an event without user_id.
publish user.deleted "not json $R"
publish file.deleted "{\"event_type\":\"file.deleted\",\"note\":\"$R\"}"
for i in $(seq 50); do
	[ "$(natsctl dump MEDIA_DEAD 2>/dev/null | grep -c "$R")" -ge 2 ] && break
	sleep 0.2
done
dead=$(natsctl dumph MEDIA_DEAD Media-Dead-Reason 2>/dev/null | grep "$R")
is "$(wc -l <<<"$dead" | tr -d ' ')" 2 "both malformed events are in MEDIA_DEAD"
line=$(grep "not json $R" <<<"$dead")
is "$(cut -f1 <<<"$line")" media-dead.user.deleted "under media-dead.<its subject>"
ok "$(cut -f2 <<<"$line" | grep -qi 'json' && echo 1)" "with the reason in Media-Dead-Reason ($(cut -f2 <<<"$line"))"
is "$(cut -f3 <<<"$line")" "not json $R" "and the original body, to replay"
line=$(grep "\"note\":\"$R\"" <<<"$dead")
ok "$(cut -f2 <<<"$line" | grep -q . && [ "$(cut -f2 <<<"$line")" != - ] && echo 1)" \
    "an event refused by its handler has a reason too ($(cut -f2 <<<"$line"))"
is "$(natsctl pending MEDIA_INBOX media-service | cut -d' ' -f2)" 0 "and none waits for an ack"

done_testing
