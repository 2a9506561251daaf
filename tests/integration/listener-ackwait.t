#!/usr/bin/env bash
# listener-ackwait.t: JetStream's windows fit the work (issue 10, finding
# 11). MEDIA_EVENTS deduplicates Nats-Msg-Id for 24 h, not 2 minutes, so a
# row republished after a long outage is still dropped; a handler slower
# than the old 30 s AckWait is not redelivered to the other listener, and
# InProgress keeps a message held past any AckWait while it is handled.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

own_listeners_init

is "$(natsctl limits MEDIA_EVENTS | awk '{ print $1, $2 }')" "duplicates_s 86400" "MEDIA_EVENTS deduplicates for 24 h"
ack=$(natsctl limits MEDIA_INBOX media-service | awk '{ print $2 }')
ok "$([ "$ack" -ge 60 ] && echo 1)" "AckWait ($ack s) is comfortably above the 30 s download limit"

double_start "$PORT" "$D"
# slow ID SECONDS ACK_WAIT_S: two listeners; the photo takes SECONDS to
# download. Prints how often the double was asked for it.
slow() {
	local f=${U}_$1 s=$2 ack=$3
	stack_listener_stop
	for n in a b; do
		own_listener_start "$n" MEDIA_STORAGE_ALLOWED_HOSTS="127.0.0.1:$PORT" \
		    MEDIA_STORAGE_URL_TEMPLATE="$DBL/slow/$s/{user_id}/{file_id}" \
		    MEDIA_STORAGE_TIMEOUT_MS=$(( (s + 20) * 1000 )) ${ack:+MEDIA_ACK_WAIT_S=$ack}
	done
	mkjpeg "$D/$f" 320 240 sharp 128 60
	publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"$f\",\"user_id\":\"$U\"}"
	WAIT_S=$((s + 30)) wait_sql t "SELECT full_metadata ? 'analyzed_at' FROM photo_metadata WHERE file_id = :'v1'" "$f" >/dev/null
	sleep 3
	own_listener_stop a
	own_listener_stop b
	grep -c "GET /slow/$s/$U/$f" "$TAP_TMP/double.log"
}

is "$(slow long 35 "")" 1 "a 35 s download is fetched once: the message was not redelivered"
is "$(slow kept 6 2)" 1 "with AckWait 2 s, a 6 s handler still runs once (InProgress)"

done_testing
