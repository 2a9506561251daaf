#!/usr/bin/env bash
# schedules-bad-input.t: every bad input of §3.4 is a JSON 4xx naming the
# field, never a 500; another user's rows are absent (404).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
OTHER=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"Frame"}'
PL=$(jq -r .playlist_id <<<"$BODY")
api POST "/playlists?user_id=$OTHER" '{"name":"Theirs"}'
PL_OTHER=$(jq -r .playlist_id <<<"$BODY")

# bad BODY FIELD DESC: POST /schedules with the fields of BODY added to a
# valid one answers 400 naming FIELD.
bad() {
	api POST "/schedules?user_id=$U" "$(jq -c --arg pl "$PL" '{frame_id: "f1", playlist_id: $pl} + .' <<<"$1")"
	is "$STATUS $(jq -r .field <<<"$BODY")" "400 $2" "$3"
}

bad '{"frame_id":null}' frame_id "a missing frame_id is a 400"
bad '{"frame_id":"../etc"}' frame_id "a frame_id with a slash is a 400"
bad '{"frame_id":".hidden"}' frame_id "a frame_id starting with a dot is a 400"
bad '{"frame_id":12}' frame_id "a number as frame_id is a 400"
bad '{"playlist_id":null}' playlist_id "a missing playlist_id is a 400"
bad '{"schedule_type":"sometimes"}' schedule_type "an unknown schedule_type is a 400"
bad '{"schedule_type":"time_based","end_time":"06:00","days_of_week":[1]}' start_time \
    "time_based without start_time is a 400"
bad '{"schedule_type":"time_based","start_time":"06:00","days_of_week":[1]}' end_time \
    "time_based without end_time is a 400"
bad '{"schedule_type":"time_based","start_time":"06:00","end_time":"07:00"}' days_of_week \
    "time_based without days_of_week is a 400"
bad '{"schedule_type":"time_based","start_time":"06:00","end_time":"07:00","days_of_week":[]}' days_of_week \
    "time_based with no days is a 400"
bad '{"start_time":"24:00"}' start_time "start_time 24:00 is a 400"
bad '{"start_time":"7:00"}' start_time "start_time without a leading zero is a 400"
bad '{"end_time":"12:60"}' end_time "end_time 12:60 is a 400"
bad '{"end_time":1200}' end_time "a number as end_time is a 400"
bad '{"days_of_week":[7]}' days_of_week "day 7 is a 400 (0 = Monday .. 6 = Sunday)"
bad '{"days_of_week":[-1]}' days_of_week "day -1 is a 400"
bad '{"days_of_week":[1.5]}' days_of_week "a fractional day is a 400"
bad '{"days_of_week":["mon"]}' days_of_week "a day name is a 400"
bad '{"days_of_week":3}' days_of_week "days_of_week that is not an array is a 400"
bad '{"days_of_week":[1e10]}' days_of_week "day 1e10 is a 400 (no out-of-range cast to int)"
bad '{"days_of_week":[-3e9]}' days_of_week "day -3e9 is a 400"
bad '{"timezone":"Mars/Olympus"}' timezone "an unknown timezone is a 400"
bad '{"timezone":"Europe/../../etc/passwd"}' timezone "a timezone with dots is a 400"
bad '{"timezone":""}' timezone "an empty timezone is a 400"
bad '{"timezone":"+05:00"}' timezone "an offset is not an IANA timezone: 400"
bad '{"rotation_interval":0}' rotation_interval "rotation_interval 0 is a 400"
bad '{"rotation_interval":2.5}' rotation_interval "a fractional rotation_interval is a 400"
bad '{"rotation_interval":"10"}' rotation_interval "a string rotation_interval is a 400"
bad '{"shuffle":"yes"}' shuffle "a string shuffle is a 400"
bad '{"is_active":1}' is_active "a number is_active is a 400"
bad '{"active_minutes":0}' active_minutes "active_minutes 0 is a 400"
bad '{"trigger_event":"door.*"}' trigger_event "a wildcard trigger_event is a 400"
bad '{"trigger_event":"door..bell"}' trigger_event "an empty token in trigger_event is a 400"
bad '{"trigger_event":"doorbell.pressed"}' trigger_event "a trigger_event outside MEDIA_TRIGGER_SUBJECTS (trigger.>) is a 400"
bad '{"trigger_event":"media.playlist.updated"}' trigger_event "the service's own subjects are no trigger"

api POST "/schedules?user_id=$U" "{\"frame_id\":\"f1\",\"playlist_id\":\"$PL_OTHER\"}"
status_is 404 "another user's playlist is a 404, as if absent"
jq_is .field playlist_id "naming playlist_id"
api POST "/schedules?user_id=$U" '{"frame_id":"f1","playlist_id":"pl_000000000000000000000000"}'
status_is 404 "a missing playlist is a 404"
api POST "/schedules?user_id=$U" '[1,2]'
status_is 400 "a body that is not an object is a 400"
api POST "/schedules?user_id=$U" '{"frame_id":'
status_is 400 "a body that is not JSON is a 400"
api POST "/schedules" "{\"frame_id\":\"f1\",\"playlist_id\":\"$PL\"}"
status_is 400 "a missing user_id is a 400"
jq_is .field user_id "naming user_id"

api POST "/schedules?user_id=$U" "{\"frame_id\":\"f1\",\"playlist_id\":\"$PL\"}"
S=$(jq -r .schedule_id <<<"$BODY")
api PUT "/schedules/$S?user_id=$U" "{\"playlist_id\":\"$PL_OTHER\"}"
status_is 404 "moving a schedule to another user's playlist is a 404"
api GET "/schedules/$S?user_id=$U"
jq_is .playlist_id "$PL" "and changes nothing"
api PUT "/schedules/$S?user_id=$U" '{"timezone":"Nowhere/Land"}'
status_is 400 "PUT with an unknown timezone is a 400"
api PUT "/schedules/$S?user_id=$U" '{"days_of_week":[9]}'
status_is 400 "PUT with day 9 is a 400"

for path in "/schedules/$S" "/schedules/$S/photos"; do
	api GET "$path?user_id=$OTHER"
	status_is 404 "GET $path of another user is a 404"
done
api PUT "/schedules/$S?user_id=$OTHER" '{"is_active":false}'
status_is 404 "PUT by another user is a 404"
api DELETE "/schedules/$S?user_id=$OTHER"
status_is 404 "DELETE by another user is a 404"
api POST "/schedules/$S/trigger?user_id=$OTHER"
status_is 404 "a trigger by another user is a 404"
api GET "/schedules/frame/f1?user_id=$OTHER"
status_is 404 "another user's frame shows no schedule in force"
api GET "/schedules/frame/f1?user_id=$OTHER&all=true"
jq_is length 0 "and lists none"
api GET "/schedules/$S?user_id=$U"
jq_is .is_active true "the owner's schedule is untouched"

api GET "/schedules/frame/f1?user_id=$U&all=maybe"
status_is 400 "all=maybe is a 400"
api GET "/schedules/frame/f1?user_id=$U&all=true&limit=0"
status_is 400 "limit=0 is a 400"
api GET "/schedules/bad%2Fid?user_id=$U"
status_is 400 "a schedule id with a slash is a 400"
api PATCH "/schedules/$S?user_id=$U" '{}'
status_is 405 "PATCH is 405"

done_testing
