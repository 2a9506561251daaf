#!/usr/bin/env bash
# locks-concurrent.t: one lock order (issue 10 finding 4, README "One lock
# order"). For LOCKS_S seconds (60) schedule creation and updates, triggers
# (API and NATS), frame polls, cache deletes and evictions run against
# the download worker leasing, fetching and recording the same frames'
# entries: PostgreSQL reports no deadlock, no handler is run again, no
# request fails, and the work was real (answers and downloads above a floor).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

: "${LOCKS_S:=60}"
D=$TAP_TMP/files
mkdir -p "$D"
PORT=$(free_port)
DBL=http://127.0.0.1:$PORT
W=$TAP_TMP/work
mkdir -p "$W"
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	double_stop
	own_listener_stop locks
	stack_listener_start
	rm -rf "$TAP_TMP"
}
trap cleanup EXIT

# The figures go to stderr, which prove shows. Where each log stands now: only what this run adds is counted.
PGLOG=$MEDIA_LOG_DIR/postgres.log
from() { stat -c %s "$1" 2>/dev/null || echo 0; }
since() { tail -c +$(($2 + 1)) "$1" 2>/dev/null | grep -c "$3"; }
PG_AT=$(from "$PGLOG")
SCHED_AT=$(from "$MEDIA_LOG_DIR/schedules.log")
CACHE_AT=$(from "$MEDIA_LOG_DIR/cache.log")

# This test's listener fetches from the double, each file after 0.2 s, so
# that downloads are in flight while the API deletes and re-queues them.
stack_listener_stop
double_start "$PORT" "$D"
own_listener_start locks MEDIA_STORAGE_URL_TEMPLATE="$DBL/slow/0.2/{user_id}/{file_id}" \
    MEDIA_STORAGE_ALLOWED_HOSTS="127.0.0.1:$PORT" MEDIA_RENDER_THREADS=1

# Two users, each with a playlist of 8 photos and two frames.
USERS=($(new_user) $(new_user))
declare -A PL EV
for U in "${USERS[@]}"; do
	ids=""
	for i in 1 2 3 4 5 6 7 8; do
		mkjpeg "$D/${U}_p$i" 96 64 sharp 100 80
		ids="$ids${ids:+,}\"${U}_p$i\""
	done
	api POST "/playlists?user_id=$U" "{\"name\":\"locks\",\"photo_ids\":[$ids]}"
	PL[$U]=$(jq -r .playlist_id <<<"$BODY")
	api POST "/schedules?user_id=$U" "{\"frame_id\":\"f1\",\"playlist_id\":\"${PL[$U]}\",
	    \"schedule_type\":\"event_based\",\"trigger_event\":\"trigger.locks.$U\",\"active_minutes\":5}"
	EV[$U]=$(jq -r .schedule_id <<<"$BODY")
done
ok "${EV[${USERS[0]}]#sched_}" "an event-based schedule per user"

# req KIND METHOD URL [BODY]: one request; "KIND STATUS" goes to $W/KIND.
req() {
	local kind=$1 method=$2 url=$3 body=${4-} code
	code=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" \
	    ${body:+-H 'Content-Type: application/json' --data-binary "$body"} "$API$url")
	echo "$code" >>"$W/$kind"
}
END=$((SECONDS + LOCKS_S))

# Schedules: create an active one on a frame (its downloads are queued),
# deactivate and activate it (queued again), poll its photos, delete it.
schedules_loop() {
	local U=$1 f=$2 id
	while [ $SECONDS -lt $END ]; do
		id=$(curl -s -X POST -H 'Content-Type: application/json' --data-binary \
		    "{\"frame_id\":\"$f\",\"playlist_id\":\"${PL[$U]}\",\"schedule_type\":\"continuous\"}" \
		    "$API/schedules?user_id=$U" | jq -r '.schedule_id // empty')
		echo "${id:+201}${id:-fail}" >>"$W/schedules"
		[ -n "$id" ] || continue
		req schedules PUT "/schedules/$id?user_id=$U" '{"is_active":false}'
		req schedules PUT "/schedules/$id?user_id=$U" '{"is_active":true}'
		req polls GET "/schedules/$id/photos?user_id=$U"
		req schedules DELETE "/schedules/$id?user_id=$U"
	done
}

# Triggers: through the API and through NATS (the listener's side).
triggers_loop() {
	local U=$1
	while [ $SECONDS -lt $END ]; do
		req triggers POST "/schedules/${EV[$U]}/trigger?user_id=$U"
		publish "trigger.locks.$U" "{\"user_id\":\"$U\"}"
		req polls GET "/schedules/${EV[$U]}/photos?user_id=$U"
	done
}

# Deletes: one entry of a frame at a time (pending, downloading or
# cached), and evictions down to 5 entries; a pause between rounds leaves
# the worker entries to finish.
deletes_loop() {
	local U=$1 f id
	while [ $SECONDS -lt $END ]; do
		for f in f1 f2; do
			id=$(curl -s "$API/cache/frame/$f?user_id=$U&status=all" |
			    jq -r '[.[]? | .cache_id] | .[length / 2 | floor] // empty' 2>/dev/null)
			[ -n "$id" ] && req deletes DELETE "/cache/$id?user_id=$U"
			req deletes POST "/cache/frame/$f/evict?keep=5&user_id=$U"
		done
		sleep 0.2
	done
}

for U in "${USERS[@]}"; do
	schedules_loop "$U" f1 & PIDS+=($!)
	schedules_loop "$U" f2 & PIDS+=($!)
	triggers_loop "$U" & PIDS+=($!)
	deletes_loop "$U" & PIDS+=($!)
done
for p in "${PIDS[@]}"; do wait "$p"; done
PIDS=()
sleep 2	# the downloads in hand finish

count() { cat "$W/$1" 2>/dev/null | grep -c "$2"; }
n_ok() { count "$1" '^2'; }
echo "# answered 2xx: schedules $(n_ok schedules), triggers $(n_ok triggers)," \
    "polls $(n_ok polls), deletes $(n_ok deletes); 5xx: $(cat "$W"/* | grep -c '^5')" >&2
LOG=$MEDIA_LOG_DIR/listener-locks.log
DOWNLOADS=$(grep -c 'download: cache_[0-9a-f]* cached (' "$LOG")
DEADLOCKS=$(since "$PGLOG" "$PG_AT" 'deadlock detected')
RETRIES=$(( $(since "$MEDIA_LOG_DIR/schedules.log" "$SCHED_AT" 'serve: handler retried') +
    $(since "$MEDIA_LOG_DIR/cache.log" "$CACHE_AT" 'serve: handler retried') ))
echo "# downloads done: $DOWNLOADS; deadlocks: $DEADLOCKS; handler retries: $RETRIES;" \
    "listener deadlocks: $(grep -c 'db_check: 40P01' "$LOG")" >&2

is "$DEADLOCKS" 0 "no deadlock detected in PostgreSQL's log"
is "$RETRIES" 0 "no handler was run again"
# A DELETE may find its entry gone (evicted meanwhile): a 404, not a failure.
is "$(cat "$W"/* | grep -vc '^[234]')" 0 "no request failed (no 5xx, no 503 after retries)"
ok "$( [ "$(n_ok schedules)" -ge 40 ] && echo 1)" "schedules were created, updated and deleted (>= 40)"
ok "$( [ "$(n_ok triggers)" -ge 20 ] && echo 1)" "schedules were triggered (>= 20)"
ok "$( [ "$(n_ok polls)" -ge 20 ] && echo 1)" "frames polled their photos (>= 20)"
ok "$( [ "$(n_ok deletes)" -ge 40 ] && echo 1)" "cache entries were deleted and evicted (>= 40)"
ok "$( [ "$DOWNLOADS" -ge 20 ] && echo 1)" "the listener leased and downloaded (>= 20)"
done_testing
