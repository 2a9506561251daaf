#!/usr/bin/env bash
# listener-cache.t: the download worker (contract §3.5): pending ->
# downloading -> cached through a temp file, resizing to cache_quality,
# retries after 1, 2, 4 s then failed (BR-M010), media.cache.ready;
# device.registered and trigger events queue a schedule's playlist.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

U=$(new_user)
F=frame_a
S=$MEDIA_STORAGE_DIR/$U
mkdir -p "$S"
# queue CACHE_ID PHOTO QUALITY [FRAME]: what the cache function does on POST /cache.
queue() {
	sql "WITH c AS (INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status, cache_quality)
	     VALUES (:'v1', :'v2', :'v3', :'v4', 'pending', :'v5') RETURNING cache_id)
	     INSERT INTO cache_jobs (cache_id) SELECT cache_id FROM c" "$1" "$U" "${4:-$F}" "$2" "$3"
}
col() { sql "SELECT $2 FROM photo_cache WHERE cache_id = :'v1'" "$1"; }

mkjpeg "$S/${U}_big" 3000 2000 sharp 128 60 make=Test
C1=$(cid)
queue "$C1" "${U}_big" original
is "$(wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$C1")" cached \
    "a queued download ends cached"
FILE=$MEDIA_CACHE_DIR/$U/$F/$C1.jpg
ok "$( [ -f "$FILE" ] && echo 1)" "the file is under MEDIA_CACHE_DIR/<user>/<frame>/<cache_id>.jpg"
is "$(col "$C1" local_path)" "$FILE" "local_path is that file"
is "$(col "$C1" cached_url)" "$MEDIA_PUBLIC_URL/cached/$U/$F/$C1.jpg" "cached_url is MEDIA_PUBLIC_URL/cached/..."
is "$(col "$C1" cache_size)" "$(stat -c %s "$FILE")" "cache_size is the file's size"
ok "$(cmp -s "$FILE" "$S/${U}_big" && echo 1)" "quality original keeps the bytes as they are"
is "$(col "$C1" "expires_at BETWEEN now() + interval '29 days 23 hours' AND now() + interval '30 days'")" t \
    "expires_at is 30 days ahead"
is "$(sql "SELECT count(*) FROM cache_jobs WHERE cache_id = :'v1'" "$C1")" 0 "the job is gone"
hdr=$(curl -s -D - -o "$TAP_TMP/got.jpg" "$MEDIA_TEST_URL/cached/$U/$F/$C1.jpg" | tr -d '\r')
is "$(head -1 <<<"$hdr" | cut -d' ' -f2)" 200 "nginx serves the cached file"
ok "$(cmp -s "$TAP_TMP/got.jpg" "$FILE" && grep -i '^etag:' <<<"$hdr")" "with its bytes and an ETag"
is "$(ls -A "$MEDIA_CACHE_DIR/$U/$F" | grep -c '^\.')" 0 "no temp file is left behind"
ev=$(sql "SELECT payload FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.cache.ready'" "$C1")
is "$(jq -r '[.cache_id, .frame_id, .photo_id, .cached_url]|join(",")' <<<"$ev")" \
    "$C1,$F,${U}_big,$MEDIA_PUBLIC_URL/cached/$U/$F/$C1.jpg" "media.cache.ready names the entry and its URL"

# One frame per quality: a frame holds one live entry per photo and version.
for q in low:1280x853 medium:1920x1280 high:2560x1707; do
	C=$(cid)
	queue "$C" "${U}_big" "${q%%:*}" "frame_${q%%:*}"
	wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$C" >/dev/null
	is "$(jpeg_size "$MEDIA_CACHE_DIR/$U/frame_${q%%:*}/$C.jpg")" "${q#*:}" \
	    "cache_quality ${q%%:*} shrinks 3000x2000 to ${q#*:}"
done
mkjpeg "$S/${U}_small" 800 600 sharp 128 60
C=$(cid)
queue "$C" "${U}_small" low
wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$C" >/dev/null
is "$(jpeg_size "$MEDIA_CACHE_DIR/$U/$F/$C.jpg")" 800x600 "a photo within the bound is not upscaled"
ok "$(! cmp -s "$MEDIA_CACHE_DIR/$U/$F/$C.jpg" "$S/${U}_small" && echo 1)" \
    "but still goes through the render (a JPEG without metadata)"

# BR-M010: 404 every time: pending with retry_count 1, 2, 3, then failed.
CF=$(cid)
queue "$CF" "${U}_nowhere" original
is "$(wait_sql 1 "SELECT retry_count FROM photo_cache WHERE cache_id = :'v1'" "$CF")" 1 "a failed download is retried (retry_count 1)"
is "$(col "$CF" cache_status)" pending "and waits as pending"
is "$(sql "SELECT run_after > now() FROM cache_jobs WHERE cache_id = :'v1'" "$CF")" t "with its job pushed back"
is "$(wait_sql failed "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$CF")" failed \
    "after the third failed retry the entry is failed"
is "$(col "$CF" retry_count)" 3 "with retry_count 3"
is "$(col "$CF" error_message)" "download failed: HTTP 404" "and error_message says why"
is "$(sql "SELECT count(*) FROM cache_jobs WHERE cache_id = :'v1'" "$CF")" 0 "and no job is left"
span=$(col "$CF" "extract(epoch FROM updated_at - created_at)")
ok "$(awk -v s="$span" 'BEGIN { exit !(s >= 7) }' && echo 1)" "the retries waited 1 + 2 + 4 s (took ${span}s)"

# A retry that succeeds.
CR=$(cid)
queue "$CR" "${U}_late" original
wait_sql 1 "SELECT retry_count FROM photo_cache WHERE cache_id = :'v1'" "$CR" >/dev/null
mkjpeg "$S/${U}_late" 320 200 sharp 128 60
is "$(wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$CR")" cached \
    "a download that failed once is cached on its retry"
is "$(col "$CR" "retry_count || '|' || coalesce(error_message, 'null')")" "1|null" "retry_count stays 1, the error is cleared"

# device.registered: the frame's schedule in force queues its playlist.
mkjpeg "$S/${U}_p1" 320 200 sharp 128 60
mkjpeg "$S/${U}_p2" 320 200 sharp 100 60
api POST "/playlists?user_id=$U" "{\"name\":\"frame\",\"photo_ids\":[\"${U}_p1\",\"${U}_p2\",\"${U}_p1\"]}"
PL=$(jq -r .playlist_id <<<"$BODY")
sql "INSERT INTO rotation_schedules (schedule_id, user_id, frame_id, playlist_id, schedule_type)
     VALUES (:'v1', :'v2', 'frame_b', :'v3', 'continuous')" "sched_${U}" "$U" "$PL"
publish device.registered "{\"event_type\":\"device.registered\",\"device_id\":\"frame_b\",\"user_id\":\"$U\"}"
is "$(wait_sql 2 "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'frame_b' AND cache_status = 'cached'" "$U")" 2 \
    "device.registered caches each photo of the frame's playlist once"
publish device.registered "{\"type\":\"device.registered\",\"data\":{\"frame_id\":\"frame_b\",\"user_id\":\"$U\"}}"
publish device.registered "{\"event_type\":\"device.registered\",\"device_id\":\"frame_none\",\"user_id\":\"$U\"}"
sleep 2
is "$(sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'frame_b'" "$U")" 2 \
    "registering again queues nothing new"
is "$(sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'frame_none'" "$U")" 0 \
    "a frame without a schedule in force gets nothing"

# A schedule's trigger_event subject triggers it.
SUBJ="trigger.doorbell.$U"
sql "INSERT INTO rotation_schedules (schedule_id, user_id, frame_id, playlist_id, schedule_type, trigger_event, active_minutes)
     VALUES (:'v1', :'v2', 'frame_c', :'v3', 'event_based', :'v4', 15)" "sched_t_${U}" "$U" "$PL" "$SUBJ"
ok "$(natsctl subjects MEDIA_INBOX | grep -xF 'trigger.>')" "the consumed stream captures the trigger namespace"
publish "$SUBJ" "{\"user_id\":\"$U\"}"
is "$(wait_sql t "SELECT triggered_until BETWEEN now() + interval '14 minutes' AND now() + interval '15 minutes' FROM rotation_schedules WHERE schedule_id = :'v1'" "sched_t_${U}")" t \
    "a message on it triggers the schedule for active_minutes"
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.schedule.updated'
            AND payload->>'action' = 'updated' AND payload->>'triggered_until' IS NOT NULL" "sched_t_${U}")" 1 \
    "and emits media.schedule.updated once"
is "$(wait_sql 2 "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'frame_c' AND cache_status = 'cached'" "$U")" 2 \
    "and caches its playlist for the frame"
done_testing
