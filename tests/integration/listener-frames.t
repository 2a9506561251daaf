#!/usr/bin/env bash
# listener-frames.t: frame display profiles from consumed events (issue 9
# item 4): device.registered with a display (flat or nested) creates or
# updates the profile; device.deleted removes the frame, its schedules,
# cache entries and files. Both are idempotent.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"
. "$(dirname "$0")/../lib/cache.sh"

U=$(new_user)
LOG=$MEDIA_LOG_DIR/listener.log
frame() { sql "SELECT display_width || 'x' || display_height || ' ' || fit || ' ' || coalesce(name, '-')
	      FROM frames WHERE user_id = :'v1' AND frame_id = :'v2'" "$U" "$1"; }
registered() { publish device.registered "$1"; }

registered "{\"event_type\":\"device.registered\",\"device_id\":\"flat\",\"user_id\":\"$U\",\"display_width\":1920,\"display_height\":1080}"
is "$(wait_sql "1920x1080 contain -" "SELECT display_width || 'x' || display_height || ' ' || fit || ' ' || coalesce(name, '-')
    FROM frames WHERE user_id = :'v1' AND frame_id = 'flat'" "$U")" "1920x1080 contain -" \
    "device.registered with a flat display_width/display_height creates the profile (fit contain)"
STAMP=$(sql "SELECT updated_at FROM frames WHERE user_id = :'v1' AND frame_id = 'flat'" "$U")

registered "{\"type\":\"device.registered\",\"data\":{\"frame_id\":\"nested\",\"user_id\":\"$U\",\"display\":{\"width\":800,\"height\":480,\"fit\":\"COVER\"},\"name\":\"Kitchen\"}}"
is "$(wait_sql "800x480 cover Kitchen" "SELECT display_width || 'x' || display_height || ' ' || fit || ' ' || coalesce(name, '-')
    FROM frames WHERE user_id = :'v1' AND frame_id = 'nested'" "$U")" "800x480 cover Kitchen" \
    "device.registered with display {width, height, fit} creates the profile (fit in any case, name beside)"

# A display entry of the frame, to see its render queued again.
C=$(cid)
sql "INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status, cache_quality)
     VALUES (:'v1', :'v2', 'nested', 'p_nested', 'cached', 'display')" "$C" "$U" >/dev/null
registered "{\"event_type\":\"device.registered\",\"frame_id\":\"nested\",\"user_id\":\"$U\",\"display\":{\"width\":1024,\"height\":600}}"
is "$(wait_sql "1024x600 cover Kitchen" "SELECT display_width || 'x' || display_height || ' ' || fit || ' ' || coalesce(name, '-')
    FROM frames WHERE user_id = :'v1' AND frame_id = 'nested'" "$U")" "1024x600 cover Kitchen" \
    "a nested display updates the profile's size and keeps its fit and name"
is "$(sql "SELECT priority FROM cache_jobs WHERE cache_id = :'v1'" "$C")" 10 \
    "and queues the frame's display renders again at schedule priority"

# Redeliveries: the same display again changes nothing.
registered "{\"event_type\":\"device.registered\",\"device_id\":\"flat\",\"user_id\":\"$U\",\"display_width\":1920,\"display_height\":1080}"
registered "{\"event_type\":\"device.registered\",\"device_id\":\"marker1\",\"user_id\":\"$U\",\"display_width\":10,\"display_height\":10}"
wait_sql 1 "SELECT count(*) FROM frames WHERE user_id = :'v1' AND frame_id = 'marker1'" "$U" >/dev/null
is "$(sql "SELECT updated_at FROM frames WHERE user_id = :'v1' AND frame_id = 'flat'" "$U") $(frame flat)" \
    "$STAMP 1920x1080 contain -" "a redelivered device.registered changes nothing (updated_at stays)"

# Without a size, device.registered changes no profile (a name alone is a device's name).
registered "{\"event_type\":\"device.registered\",\"device_id\":\"flat\",\"user_id\":\"$U\",\"name\":\"Hall\",\"fit\":\"cover\"}"
registered "{\"event_type\":\"device.registered\",\"device_id\":\"bare\",\"user_id\":\"$U\"}"
# A display that is present but invalid: the event is malformed, dropped whole.
registered "{\"event_type\":\"device.registered\",\"device_id\":\"zero\",\"user_id\":\"$U\",\"display_width\":0,\"display_height\":1080}"
registered "{\"event_type\":\"device.registered\",\"device_id\":\"frac\",\"user_id\":\"$U\",\"display\":{\"width\":1.5,\"height\":1080}}"
registered "{\"event_type\":\"device.registered\",\"device_id\":\"badfit\",\"user_id\":\"$U\",\"display\":{\"width\":100,\"height\":100,\"fit\":\"stretch\"}}"
registered "{\"event_type\":\"device.registered\",\"device_id\":\"half\",\"user_id\":\"$U\",\"display_width\":100}"
registered "{\"event_type\":\"device.registered\",\"device_id\":\"marker2\",\"user_id\":\"$U\",\"display_width\":10,\"display_height\":10}"
wait_sql 1 "SELECT count(*) FROM frames WHERE user_id = :'v1' AND frame_id = 'marker2'" "$U" >/dev/null
is "$(frame flat)" "1920x1080 contain -" "device.registered with a name and fit but no size changes no profile"
is "$(sql "SELECT count(*) FROM frames WHERE user_id = :'v1' AND frame_id = 'bare'" "$U")" 0 \
    "device.registered without a display creates no profile"
for f in zero frac badfit half; do
	is "$(sql "SELECT count(*) FROM frames WHERE user_id = :'v1' AND frame_id = :'v2'" "$U" "$f")" 0 \
	    "an invalid display ($f) writes no profile"
done
ok "$(grep -q "device.registered: zero of $U: invalid display" "$LOG" && echo 1)" "and is logged as invalid"

# A display and a schedule in force: the profile and the queued playlist.
api POST "/playlists?user_id=$U" "{\"name\":\"p\",\"photo_ids\":[\"${U}_a\",\"${U}_b\"]}"
PL=$(jq -r .playlist_id <<<"$BODY")
sql "INSERT INTO rotation_schedules (schedule_id, user_id, frame_id, playlist_id, schedule_type)
     VALUES (:'v1', :'v2', 'sched', :'v3', 'continuous')" "sched_f_${U}" "$U" "$PL" >/dev/null
registered "{\"event_type\":\"device.registered\",\"device_id\":\"sched\",\"user_id\":\"$U\",\"display_width\":1280,\"display_height\":800}"
is "$(wait_sql 2 "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'sched'" "$U")" 2 \
    "device.registered with a display still queues the schedule's playlist"
is "$(frame sched)" "1280x800 contain -" "and stores the profile"

# device.deleted: the profile, the schedules, the cache entries and their files.
api POST "/cache?user_id=$U" '{"frame_id":"sched","photo_id":"p_extra"}'
CX=$(jq -r .cache_id <<<"$BODY")
mark_cached "$CX" "bytes"
FILE=$(cache_path "$U" sched "$CX")
ok "$([ -f "$FILE" ] && echo 1)" "(the frame has a cached file)"
publish device.deleted "{\"event_type\":\"device.deleted\",\"device_id\":\"sched\",\"user_id\":\"$U\"}"
is "$(wait_sql 0 "SELECT count(*) FROM frames WHERE user_id = :'v1' AND frame_id = 'sched'" "$U")" 0 \
    "device.deleted removes the frame's profile"
is "$(sql "SELECT count(*) FROM rotation_schedules WHERE user_id = :'v1' AND frame_id = 'sched'" "$U")" 0 \
    "and its schedules"
is "$(sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'sched'" "$U")" 0 \
    "and its cache entries"
is "$(sql "SELECT count(*) FROM cache_jobs j JOIN photo_cache c USING (cache_id) WHERE c.user_id = :'v1' AND c.frame_id = 'sched'" "$U")" 0 \
    "with their jobs"
for i in $(seq 50); do [ -e "$FILE" ] || break; sleep 0.1; done
ok "$([ ! -e "$FILE" ] && echo 1)" "and the cached file"
is "$(frame flat)" "1920x1080 contain -" "another frame of the user stays"

publish device.deleted "{\"type\":\"device.deleted\",\"data\":{\"frame_id\":\"sched\",\"user_id\":\"$U\"}}"
for i in $(seq 100); do
	[ "$(grep -c "device.deleted: sched of $U:" "$LOG")" -ge 2 ] && break
	sleep 0.1
done
ok "$(grep "device.deleted: sched of $U:" "$LOG" | tail -1 | grep -q "profile absent, 0 cache entries removed" && echo 1)" \
    "a redelivered device.deleted (envelope, frame_id) is handled and removes nothing"
ok "$(! grep -q "device.deleted on device.deleted: attempt" "$LOG" && echo 1)" "and is not retried"

# device.deleted of a frame id without a profile still removes its schedules.
sql "INSERT INTO rotation_schedules (schedule_id, user_id, frame_id, playlist_id, schedule_type)
     VALUES (:'v1', :'v2', 'noprofile', :'v3', 'continuous')" "sched_np_${U}" "$U" "$PL" >/dev/null
publish device.deleted "{\"event_type\":\"device.deleted\",\"device_id\":\"noprofile\",\"user_id\":\"$U\"}"
is "$(wait_sql 0 "SELECT count(*) FROM rotation_schedules WHERE user_id = :'v1' AND frame_id = 'noprofile'" "$U")" 0 \
    "device.deleted of a device without a profile removes its schedules"
done_testing
