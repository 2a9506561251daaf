#!/usr/bin/env bash
# listener-doubles.t: the listener against test doubles of the AI and
# storage services (tests/doubles/http_double.py): AI results stored, AI
# down then back (ai_pending, retried with backoff), a storage path that
# fails and one that hangs, and the per-frame cache quota (EC-M005).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

own_listeners_init
mkdir -p "$S"

# This test's listener replaces the stack's: it must get every event.
stack_listener_stop
own_listener_start ai MEDIA_AI_URL="$DBL" MEDIA_STORAGE_ALLOWED_HOSTS="127.0.0.1:$PORT,127.0.0.1:$MEDIA_HTTP_PORT" \
    MEDIA_STORAGE_TIMEOUT_MS=1000 MEDIA_CACHE_QUOTA_ENTRIES=2
ok "$(kill -0 "${LISTENER_PID[ai]}" 2>/dev/null && echo 1)" "a listener with MEDIA_AI_URL set is running"

# AI down: the upload still succeeds with local results.
mkjpeg "$S/${U}_a" 640 480 sharp 128 60 make=Nikon
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_a\",\"user_id\":\"$U\"}"
is "$(wait_sql true "SELECT full_metadata->>'ai_pending' FROM photo_metadata WHERE file_id = :'v1'" "${U}_a")" true \
    "AI unreachable: the photo is marked ai_pending"
is "$(sql "SELECT camera_make || '|' || (quality_score IS NOT NULL) FROM photo_metadata WHERE file_id = :'v1'" "${U}_a")" "Nikon|true" \
    "and keeps its EXIF and local quality"
is "$(sql "SELECT count(*) FROM analysis_retries WHERE file_id = :'v1'" "${U}_a")" 1 "and an AI retry is queued"

double_start "$PORT" "$D"
WAIT_S=40
is "$(wait_sql false "SELECT full_metadata->>'ai_pending' FROM photo_metadata WHERE file_id = :'v1'" "${U}_a")" false \
    "once the AI is back the retry stores its analysis"
is "$(sql "SELECT ai_labels::text || '|' || quality_score FROM photo_metadata WHERE file_id = :'v1'" "${U}_a")" \
    '["beach", "sunset", "person"]|0.9100' "labels and the AI's quality_score as is"
is "$(sql "SELECT count(*) FROM analysis_retries WHERE file_id = :'v1'" "${U}_a")" 0 "and the retry is done"
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.metadata.updated'" "${U}_a")" 2 \
    "media.metadata.updated is emitted again with the AI results"

mkjpeg "$S/${U}_b" 640 480 sharp 128 60
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_b\",\"user_id\":\"$U\"}"
is "$(wait_sql t "SELECT full_metadata ? 'analyzed_at' FROM photo_metadata WHERE file_id = :'v1'" "${U}_b")" t \
    "with the AI up an upload is analysed"
is "$(sql "SELECT ai_scenes::text || '|' || ai_objects::text || '|' || ai_colors::text FROM photo_metadata WHERE file_id = :'v1'" "${U}_b")" \
    '["beach"]|["person", "umbrella"]|["orange", "blue"]' "scenes, objects and colors are stored"
is "$(sql "SELECT (face_detection->>'count') || '|' || (full_metadata->>'ai_pending') FROM photo_metadata WHERE file_id = :'v1'" "${U}_b")" \
    "2|false" "faces are stored and nothing is pending"
ok "$(grep -c "POST /api/v1/vision/analyze ${U}_b" "$TAP_TMP/double.log" | grep -x 1)" "the AI was asked once"

# Storage double: download_url on an allowed host; a path that fails, one that hangs.
mkjpeg "$D/${U}_c.jpg" 320 200 sharp 128 60 iso=800
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_c\",\"user_id\":\"$U\",\"download_url\":\"$DBL/files/${U}_c.jpg\"}"
is "$(wait_sql 800 "SELECT iso FROM photo_metadata WHERE file_id = :'v1'" "${U}_c")" 800 "the bytes come from download_url"
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_fail\",\"user_id\":\"$U\",\"download_url\":\"$DBL/fail/x\"}"
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_hang\",\"user_id\":\"$U\",\"download_url\":\"$DBL/hang/x\"}"
is "$(wait_sql "download failed: HTTP 500" "SELECT full_metadata->>'analysis_error' FROM photo_metadata WHERE file_id = :'v1'" "${U}_fail")" \
    "download failed: HTTP 500" "storage answering 500 is retried, then recorded as analysis_error"
is "$(grep -c "GET /fail/x" "$TAP_TMP/double.log")" 5 "after 5 attempts (a bounded number)"
ok "$(wait_sql t "SELECT full_metadata->>'analysis_error' LIKE 'download failed: Timeout%' FROM photo_metadata WHERE file_id = :'v1'" "${U}_hang" | grep -x t)" \
    "storage that hangs times out and is recorded"

# EC-M005: over the frame's quota the least recently used entry goes.
q() {
	sql "WITH c AS (INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status)
	     VALUES (:'v1', :'v2', 'frame_q', :'v3', 'pending') RETURNING cache_id)
	     INSERT INTO cache_jobs (cache_id) SELECT cache_id FROM c" "$1" "$U" "$2"
	wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$1" >/dev/null
}
C1=$(cid) C2=$(cid) C3=$(cid)
q "$C1" "${U}_a"
q "$C2" "${U}_b"
sql "UPDATE photo_cache SET last_accessed_at = now(), hit_count = 1 WHERE cache_id = :'v1'" "$C1"
OLD=$(sql "SELECT local_path FROM photo_cache WHERE cache_id = :'v1'" "$C2")
# A third photo: a frame holds one live entry per photo and version.
mkjpeg "$S/${U}_c" 640 480 sharp 128 60
q "$C3" "${U}_c"
is "$(sql "SELECT string_agg(cache_id, ',' ORDER BY cache_id) FROM photo_cache WHERE frame_id = 'frame_q' AND user_id = :'v1'" "$U")" \
    "$(printf '%s\n' "$C1" "$C3" | sort | paste -sd,)" "a third entry over a quota of 2 evicts the never-accessed one"
ok "$( [ ! -e "$OLD" ] && echo 1)" "and removes its file"
done_testing
