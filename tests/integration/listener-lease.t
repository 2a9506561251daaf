#!/usr/bin/env bash
# listener-lease.t: a download lease is a token (issue 10 finding 10). A
# worker whose lease ran out while its transfer was slow, and was taken
# again by another, must not record the job a second time, nor put its
# file over (or remove) the new holder's: the entry ends cached once,
# with its file.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

own_listeners_init

stack_listener_stop
double_start "$PORT" "$D"
mkjpeg "$D/${U}_p" 640 480 sharp 128 60
# Storage answers after 4 s: longer than it takes b to take the job again.
SLOW=(MEDIA_STORAGE_URL_TEMPLATE="$DBL/slow/4/{user_id}/{file_id}" MEDIA_STORAGE_ALLOWED_HOSTS="127.0.0.1:$PORT")
own_listener_start a "${SLOW[@]}"

api POST "/cache?user_id=$U" "{\"frame_id\":\"f\",\"photo_id\":\"${U}_p\",\"cache_quality\":\"low\"}"
C=$(jq -r .cache_id <<<"$BODY")
for i in $(seq 50); do grep -q "GET /slow/4/$U/${U}_p" "$TAP_TMP/double.log" && break; sleep 0.1; done
ok "$(grep "GET /slow/4/$U/${U}_p" "$TAP_TMP/double.log")" "listener a is downloading (slowly)"

# Its lease runs out (as a paused or slow worker's does) and b takes the job.
sql "UPDATE cache_jobs SET locked_until = now() - interval '1 second' WHERE cache_id = :'v1'" "$C"
own_listener_start b "${SLOW[@]}"
for i in $(seq 50); do [ "$(grep -c "GET /slow/4/$U/${U}_p" "$TAP_TMP/double.log")" -ge 2 ] && break; sleep 0.1; done
is "$(grep -c "GET /slow/4/$U/${U}_p" "$TAP_TMP/double.log")" 2 "listener b takes the job again"

is "$(wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$C")" cached "the entry ends cached"
sleep 6	# both transfers are over
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.cache.ready'" "$C")" 1 \
    "recorded once: one media.cache.ready"
ok "$(grep "download: $C: the lease was taken again" "$MEDIA_LOG_DIR/listener-a.log")" \
    "listener a drops its copy: its lease is no longer the job's"
F=$(sql "SELECT local_path FROM photo_cache WHERE cache_id = :'v1'" "$C")
is "$(jpeg_size "$F")" 640x480 "the entry's file is there, whole"
is "$(sql "SELECT count(*) FROM cache_jobs WHERE cache_id = :'v1'" "$C")" 0 "and no job is left"
is "$(ls -A "$MEDIA_CACHE_DIR/$U/f" | grep -c '^\.')" 0 "no temp file is left behind"
done_testing
