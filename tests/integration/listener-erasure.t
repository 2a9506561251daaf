#!/usr/bin/env bash
# listener-erasure.t: user.deleted leaves nothing that brings the user back
# (issue 10 finding 8): the user's outbox rows (ids, labels, URLs) go with
# the erasure, and a file.uploaded sent before it and redelivered after it
# does not recreate the user's rows; an upload sent after it does.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

own_listeners_init
stack_listener_stop
double_start "$PORT" "$TAP_TMP"
# Storage that hangs: every analysis fails for now and is redelivered.
own_listener_start er MEDIA_STORAGE_TIMEOUT_MS=1000 MEDIA_STORAGE_ALLOWED_HOSTS="127.0.0.1:$PORT" \
    MEDIA_STORAGE_URL_TEMPLATE="http://127.0.0.1:$PORT/hang/{user_id}/{file_id}"

api POST "/playlists?user_id=$U" '{"name":"before","photo_ids":["x"]}'
ok "$(sql "SELECT count(*) FROM outbox WHERE payload->>'user_id' = :'v1'" "$U" | grep -vx 0)" \
    "the user's changes are in the outbox"
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_f\",\"user_id\":\"$U\"}"
is "$(wait_sql 1 "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1'" "$U")" 1 \
    "an upload whose analysis fails (storage hangs) has its row, and will be redelivered"
publish user.deleted "{\"event_type\":\"user.deleted\",\"user_id\":\"$U\"}"
is "$(wait_sql 0 "SELECT count(*) FROM playlists WHERE user_id = :'v1'" "$U")" 0 "user.deleted erases the user"
is "$(sql "SELECT count(*) FROM outbox WHERE payload->>'user_id' = :'v1'" "$U")" 0 \
    "and the user's outbox rows with it"
WAIT_S=40
for i in $(seq 200); do
	grep -q "file.uploaded: ${U}_f: sent before its user was erased" "$MEDIA_LOG_DIR/listener-er.log" && break
	[ "$(sql "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1'" "$U")" != 0 ] && break
	sleep 0.2
done
ok "$(grep "file.uploaded: ${U}_f: sent before its user was erased; dropped" "$MEDIA_LOG_DIR/listener-er.log")" \
    "the upload sent before the erasure is redelivered after it, and dropped"
is "$(sql "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1'" "$U")" 0 \
    "it recreates nothing"
is "$(sql "SELECT count(*) FROM photo_versions WHERE user_id = :'v1'" "$U")" 0 "(no version either)"
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_g\",\"user_id\":\"$U\"}"
is "$(wait_sql 1 "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND file_id = :'v2'" "$U" "${U}_g")" 1 \
    "an upload sent after the erasure is a new one: the user came back"
is "$(natsctl limits MEDIA_EVENTS | awk '{ print $3, $4 }')" "max_age_s 604800" \
    "MEDIA_EVENTS keeps an event 168 h (MEDIA_EVENTS_MAX_AGE_H), not forever"
done_testing
