#!/usr/bin/env bash
# memories-schedules.t: GET /schedules/{id}/photos of a calendar playlist
# (issue 13): today in the schedule's timezone, an ETag stable within the
# day and new with the next (valid_until at local midnight), and the
# fallback playlist while the memories are empty.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/memories.sh"

# setup USER CRITERIA: a smart playlist; sets PL.
smart() {
	api POST "/playlists?user_id=$1" "{\"name\":\"Memories\",\"playlist_type\":\"smart\",\"smart_criteria\":$2}"
	PL=$(jq -r .playlist_id <<<"$BODY")
}
# schedule USER JSON_FIELDS: a schedule of frame f1; sets S.
schedule() {
	api POST "/schedules?user_id=$1" "{\"frame_id\":\"f1\",$2}"
	S=$(jq -r .schedule_id <<<"$BODY")
}
photos() { jq -r '[.photos[].photo_id]|join(",")' <<<"$BODY"; }

Z=$(off_zone)
U=$(new_user)
photo "$U" "${U}_z" "today('$Z') - interval '1 year'"
photo "$U" "${U}_utc" "today('UTC') - interval '1 year'"
smart "$U" '{"on_this_day":true}'
schedule "$U" "\"playlist_id\":\"$PL\",\"timezone\":\"$Z\""
api GET "/schedules/$S/photos?user_id=$U"
is "$(photos)" "${U}_z" "a schedule shows the memories of its own zone's date ($Z), not the playlist's"
jq_is .day "$(TZ=$Z date +%F)" "the manifest names that day"
jq_is .fallback false "and says fallback false"

U=$(new_user)
photo "$U" "${U}_1y" "today('UTC') - interval '1 year'"
smart "$U" '{"on_this_day":true}'
schedule "$U" "\"playlist_id\":\"$PL\",\"timezone\":\"$Z\""
api GET "/schedules/$S/photos?user_id=$U"
E1=$(header ETag)
api GET "/schedules/$S/photos?user_id=$U"
is "$(header ETag)" "$E1" "the ETag is the same on a second poll the same day"
sql "UPDATE schedule_manifests SET valid_until = now() - interval '1 second' WHERE schedule_id = :'v1'" "$S" >/dev/null
api GET "/schedules/$S/photos?user_id=$U"
is "$(header ETag)" "$E1" "and when the manifest is computed again within the day"
api GET "/schedules/$S/photos?user_id=$U" "" -H "If-None-Match: $E1"
status_is 304 "If-None-Match with it is a 304"
is "$(sql "SELECT valid_until <= ((media_local_today(:'v2') + 1)::timestamp AT TIME ZONE :'v2')
    FROM schedule_manifests WHERE schedule_id = :'v1'" "$S" "$Z")" t \
    "the stored manifest is valid no later than the next midnight in the schedule's zone"

U=$(new_user)
photo "$U" "${U}_old" "today('UTC') - 40"
photo "$U" "${U}_fb" "today('UTC') - 3"
smart "$U" '{"on_this_day":true}'
M=$PL
api POST "/playlists?user_id=$U" "{\"name\":\"Best\",\"photo_ids\":[\"${U}_fb\"]}"
F=$(jq -r .playlist_id <<<"$BODY")
schedule "$U" "\"playlist_id\":\"$M\",\"fallback_playlist_id\":\"$F\""
status_is 201 "a schedule takes a fallback_playlist_id"
jq_is .fallback_playlist_id "$F" "and shows it"
api GET "/schedules/$S/photos?user_id=$U"
is "$(photos)" "${U}_fb" "while the memories are empty the frame gets the fallback's photos"
jq_is .fallback true "and the manifest says fallback true"
jq_is .playlist_id "$M" "playlist_id stays the schedule's playlist"
photo "$U" "${U}_1y" "today('UTC') - interval '1 year'"
api POST "/playlists?user_id=$U" '{"name":"bump"}' >/dev/null	# a write of the user
api GET "/schedules/$S/photos?user_id=$U"
is "$(photos)" "${U}_1y" "once there is a memory the frame gets it instead"
jq_is .fallback false "and fallback is false"

U=$(new_user)
photo "$U" "${U}_1y" "today('UTC') - interval '1 year'"
api POST "/playlists?user_id=$U" '{"name":"Empty"}'
E=$(jq -r .playlist_id <<<"$BODY")
smart "$U" '{"on_this_day":true}'
schedule "$U" "\"playlist_id\":\"$E\""
api PUT "/schedules/$S?user_id=$U" "{\"fallback_playlist_id\":\"$PL\"}"
status_is 200 "PUT sets a fallback_playlist_id"
api GET "/schedules/$S/photos?user_id=$U"
is "$(photos)" "${U}_1y" "an empty manual playlist falls back too, here to a memories playlist"
api PUT "/schedules/$S?user_id=$U" '{"fallback_playlist_id":null}'
jq_is .fallback_playlist_id null "PUT with null clears it"
api GET "/schedules/$S/photos?user_id=$U"
is "$(photos),$(jq -r .fallback <<<"$BODY")" ",false" "then the empty playlist shows nothing"

U=$(new_user)
OTHER=$(new_user)
api POST "/playlists?user_id=$OTHER" '{"name":"Theirs","photo_ids":["x"]}'
T=$(jq -r .playlist_id <<<"$BODY")
api POST "/playlists?user_id=$U" '{"name":"Mine"}'
MINE=$(jq -r .playlist_id <<<"$BODY")
schedule "$U" "\"playlist_id\":\"$MINE\",\"fallback_playlist_id\":\"$T\""
is "$STATUS $(jq -r .field <<<"$BODY")" "404 fallback_playlist_id" \
    "another user's fallback playlist is a 404 naming fallback_playlist_id"
schedule "$U" "\"playlist_id\":\"$MINE\",\"fallback_playlist_id\":\"pl_missing\""
is "$STATUS $(jq -r .field <<<"$BODY")" "404 fallback_playlist_id" "a missing fallback playlist is a 404"
schedule "$U" "\"playlist_id\":\"$MINE\""
api PUT "/schedules/$S?user_id=$U" "{\"fallback_playlist_id\":\"$T\"}"
is "$STATUS $(jq -r .field <<<"$BODY")" "404 fallback_playlist_id" "PUT with another user's fallback is a 404"
schedule "$U" "\"playlist_id\":\"$MINE\",\"fallback_playlist_id\":\"bad id!\""
is "$STATUS $(jq -r .field <<<"$BODY")" "400 fallback_playlist_id" "a malformed fallback_playlist_id is a 400"

done_testing
