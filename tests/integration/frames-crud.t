#!/usr/bin/env bash
# frames-crud.t: frame display profiles (issue 9 item 4): create, defaults,
# partial update, read, list, delete with the frame's schedules, cache
# entries and files, and renders queued again when the display changes.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/cache.sh"

U=$(new_user)
put() { api PUT "/frames/$1?user_id=$U" "$2"; }

put living-room '{"display_width":1920,"display_height":1080,"fit":"cover","name":"Living room"}'
status_is 200 "PUT /frames/{id} creating a frame answers 200"
is "$(jq -c 'keys' <<<"$BODY")" \
    '["created_at","display_height","display_width","fit","frame_id","name","pair_portraits","updated_at","user_id"]' \
    "the frame has exactly frame_id, user_id, name, display_width, display_height, fit, pair_portraits, created_at, updated_at"
jq_is '[.frame_id, .user_id, .name, .display_width, .display_height, .fit]|map(tostring)|join(",")' \
    "living-room,$U,Living room,1920,1080,cover" "with every field as given"
jq_is '.display_width|type' number "display_width is a JSON number"
ok "$(jq -r '.created_at, .updated_at' <<<"$BODY" | grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' | grep -qx 2 && echo 1)" \
    "created_at and updated_at are RFC 3339 UTC"
is "$(header Content-Type)" application/json "the response is JSON"
CREATED=$(jq -r .created_at <<<"$BODY")

put kitchen '{"display_width":800,"display_height":480}'
status_is 200 "a frame with only its two sizes is created"
jq_is .fit contain "fit defaults to contain"
jq_is .name null "name defaults to null"
jq_is .pair_portraits true "pair_portraits defaults to true (issue 12)"
jq_is '.pair_portraits|type' boolean "pair_portraits is a JSON boolean"

# pair_portraits (issue 12): the player pairs portraits unless it is false.
put pairs '{"display_width":800,"display_height":480,"pair_portraits":false}'
jq_is .pair_portraits false "a new frame may say pair_portraits false"
UPDATED=$(jq -r .updated_at <<<"$BODY")
sleep 1
put pairs '{"name":"Hall"}'
jq_is '[.pair_portraits, .name]|map(tostring)|join(",")' "false,Hall" "a partial update keeps pair_portraits"
ok "$([ "$(jq -r .updated_at <<<"$BODY")" \> "$UPDATED" ] && echo 1)" "(and a rename moves updated_at)"
put pairs '{"pair_portraits":true}'
jq_is .pair_portraits true "PUT pair_portraits true turns pairing back on"
api GET "/frames/pairs?user_id=$U"
jq_is .pair_portraits true "GET /frames/{id} returns pair_portraits as stored"
is "$(sql "SELECT pair_portraits FROM frames WHERE user_id = :'v1' AND frame_id = 'pairs'" "$U")" t \
    "and the table holds it"
api DELETE "/frames/pairs?user_id=$U"

put upper '{"display_width":1,"display_height":8192,"fit":"CoVeR"}'
jq_is .fit cover "fit is accepted in any case and stored lowercase"
jq_is '[.display_width, .display_height]|join("x")' 1x8192 "sizes 1 and 8192 are accepted"

sleep 1
put living-room '{"name":"Lounge"}'
status_is 200 "PUT with only name updates an existing frame"
jq_is '[.name, .display_width, .display_height, .fit]|map(tostring)|join(",")' "Lounge,1920,1080,cover" \
    "a partial update keeps the fields it does not name"
jq_is .created_at "$CREATED" "created_at stays"
ok "$([ "$(jq -r .updated_at <<<"$BODY")" \> "$CREATED" ] && echo 1)" "updated_at moves"
put living-room '{"display_width":1280,"fit":"contain"}'
jq_is '[.name, .display_width, .display_height, .fit]|map(tostring)|join(",")' "Lounge,1280,1080,contain" \
    "a partial update changes the size and fit it names"
UPDATED=$(jq -r .updated_at <<<"$BODY")
sleep 1
put living-room '{"display_width":1280}'
jq_is .updated_at "$UPDATED" "putting the stored values again changes nothing (updated_at stays)"
put living-room '{}'
status_is 200 "an empty body on an existing frame answers 200 with the frame"

api GET "/frames/living-room?user_id=$U"
status_is 200 "GET /frames/{id} answers 200"
jq_is '[.frame_id, .name, .display_width, .display_height, .fit]|map(tostring)|join(",")' \
    "living-room,Lounge,1280,1080,contain" "and returns the frame as stored"
api GET "/frames/nowhere?user_id=$U"
status_is 404 "GET of a missing frame is a 404"
jq_is .code not_found "with code not_found"

api GET "/frames?user_id=$U"
status_is 200 "GET /frames answers 200"
jq_is 'map(.frame_id)|join(",")' "upper,kitchen,living-room" "it lists the user's frames, newest first"
is "$(header X-Total-Count)" 3 "X-Total-Count is the total"
api GET "/frames?user_id=$U&limit=1&offset=1"
jq_is 'map(.frame_id)|join(",")' kitchen "limit=1&offset=1 gives the second"
is "$(header X-Total-Count)" 3 "X-Total-Count is still the total"
api GET "/frames?user_id=$U&offset=10"
jq_is length 0 "an offset past the end gives []"
is "$(header X-Total-Count)" 3 "with the total"
api GET "/frames?user_id=$(new_user)"
is "$STATUS $BODY $(header X-Total-Count)" "200 [] 0" "a user without frames gets [] and X-Total-Count 0"

# Renders are redone when the size or fit changes (issue 9 §5): every live
# 'display' entry of the frame gets a job at schedule priority.
entry() {	# entry CACHE_ID FRAME STATUS QUALITY [JOB_PRIORITY]
	sql "INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status, cache_quality)
	     VALUES (:'v1', :'v2', :'v3', :'v1', :'v4', :'v5')" "$1" "$U" "$2" "$3" "$4" >/dev/null
	[ -n "${5:-}" ] && sql "INSERT INTO cache_jobs (cache_id, priority, run_after)
	     VALUES (:'v1', :'v2', now() + interval '1 hour')" "$1" "$5" >/dev/null
	return 0
}
prio() { sql "SELECT coalesce((SELECT priority::text FROM cache_jobs WHERE cache_id = :'v1'), 'none')" "$1"; }
C_CACHED=cache_$(printf '%024x' $RANDOM$RANDOM)
C_PENDING=cache_$(printf '%024x' 1$RANDOM$RANDOM)
C_LOW=cache_$(printf '%024x' 2$RANDOM$RANDOM)
C_FAILED=cache_$(printf '%024x' 3$RANDOM$RANDOM)
C_OTHER=cache_$(printf '%024x' 4$RANDOM$RANDOM)
entry "$C_CACHED" kitchen cached display
entry "$C_PENDING" kitchen pending display 0
entry "$C_LOW" kitchen cached low
entry "$C_FAILED" kitchen failed display
entry "$C_OTHER" living-room cached display 0
put kitchen '{"name":"Kitchen"}'
is "$(prio "$C_CACHED")" none "a rename queues no render"
put kitchen '{"display_width":1024,"display_height":600}'
is "$(prio "$C_CACHED")" 10 "a new size queues each cached display render of the frame at priority 10"
is "$(prio "$C_PENDING")" 10 "and raises a queued one to 10"
is "$(prio "$C_LOW")" none "but not an entry of another cache_quality"
is "$(prio "$C_FAILED")" none "nor a failed entry"
is "$(prio "$C_OTHER")" 0 "nor another frame's"
sql "DELETE FROM cache_jobs WHERE cache_id = :'v1'" "$C_CACHED" >/dev/null
put kitchen '{"fit":"cover"}'
is "$(prio "$C_CACHED")" 10 "a new fit queues the renders again"

# DELETE: the profile, its schedules, its cache entries and their files.
api POST "/playlists?user_id=$U" '{"name":"frame photos"}'
PL=$(jq -r .playlist_id <<<"$BODY")
api POST "/schedules?user_id=$U" "{\"frame_id\":\"living-room\",\"playlist_id\":\"$PL\"}"
S=$(jq -r .schedule_id <<<"$BODY")
api POST "/schedules?user_id=$U" "{\"frame_id\":\"kitchen\",\"playlist_id\":\"$PL\"}"
S_KEEP=$(jq -r .schedule_id <<<"$BODY")
api POST "/cache?user_id=$U" '{"frame_id":"living-room","photo_id":"p1"}'
C=$(jq -r .cache_id <<<"$BODY")
mark_cached "$C" "0123456789"
FILE=$(cache_path "$U" living-room "$C")
ok "$([ -f "$FILE" ] && echo 1)" "(the frame has a cached file on disk)"

api DELETE "/frames/living-room?user_id=$U"
status_is 204 "DELETE /frames/{id} answers 204"
is "$BODY" "" "with no body"
api GET "/frames/living-room?user_id=$U"
status_is 404 "the frame is gone"
api GET "/schedules/$S?user_id=$U"
status_is 404 "its schedules are gone"
api GET "/schedules/$S_KEEP?user_id=$U"
status_is 200 "another frame's schedule stays"
is "$(sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'living-room'" "$U")" 0 \
    "its cache entries are gone"
is "$(sql "SELECT count(*) FROM cache_jobs WHERE cache_id = :'v1'" "$C_OTHER")" 0 "with their jobs"
ok "$([ ! -e "$FILE" ] && echo 1)" "its cached file is removed from disk"
is "$(sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'kitchen'" "$U")" 4 \
    "another frame's cache entries stay"
api DELETE "/frames/living-room?user_id=$U"
status_is 404 "DELETE again is a 404"
jq_is .code not_found "with code not_found"

# A frame id without a profile: 404, and nothing of it is touched.
api POST "/schedules?user_id=$U" "{\"frame_id\":\"no-profile\",\"playlist_id\":\"$PL\"}"
S_NP=$(jq -r .schedule_id <<<"$BODY")
api DELETE "/frames/no-profile?user_id=$U"
status_is 404 "DELETE of a frame id that has no profile is a 404"
api GET "/schedules/$S_NP?user_id=$U"
status_is 200 "and keeps that frame id's schedules"
done_testing
