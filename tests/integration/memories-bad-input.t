#!/usr/bin/env bash
# memories-bad-input.t: the calendar criteria and timezones of issue 13 are
# validated like the other criteria (BR-M005): a 400 naming the key.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
# bad JSON FIELD DESC: POST /metadata/query answers 400 naming FIELD.
bad() {
	api POST "/metadata/query?user_id=$U" "$1"
	is "$STATUS $(jq -r .field <<<"$BODY")" "400 $2" "$3"
}

bad '{"on_this_day":false}' on_this_day "on_this_day false is a 400 (leave the key out)"
bad '{"on_this_day":1}' on_this_day "on_this_day as a number is a 400"
bad '{"on_this_day":"yes"}' on_this_day "on_this_day as a string is a 400"
bad '{"on_this_day":{}}' on_this_day "on_this_day {} without window_days is a 400"
bad '{"on_this_day":{"window_days":8}}' on_this_day "window_days 8 is a 400"
bad '{"on_this_day":{"window_days":-1}}' on_this_day "window_days -1 is a 400"
bad '{"on_this_day":{"window_days":1.5}}' on_this_day "window_days 1.5 is a 400"
bad '{"on_this_day":{"window_days":1,"x":2}}' on_this_day "on_this_day with another key is a 400"
bad '{"years_ago":0}' years_ago "years_ago 0 is a 400"
bad '{"years_ago":101}' years_ago "years_ago 101 is a 400"
bad '{"years_ago":"2"}' years_ago "years_ago as a string is a 400"
bad '{"taken_within_days":0}' taken_within_days "taken_within_days 0 is a 400"
bad '{"taken_within_days":3651}' taken_within_days "taken_within_days 3651 is a 400"
bad '{"taken_within_days":null}' taken_within_days "taken_within_days null is a 400"
bad '{"timezone":"Mars/Olympus"}' timezone "an unknown timezone is a 400"
bad '{"timezone":"UTC+5"}' timezone "a POSIX zone spec is not an IANA name: 400"
bad '{"timezone":""}' timezone "an empty timezone is a 400"
bad '{"timezone":"Europe/../etc"}' timezone "a timezone with dots is a 400"
bad '{"timezone":5}' timezone "a timezone that is not a string is a 400"

api POST "/metadata/query?user_id=$U" '{"on_this_dayz":true}'
ok "$(jq -r .detail <<<"$BODY" | grep -F 'on_this_day, years_ago, taken_within_days')" \
    "the 400 for an unknown key lists the calendar keys"

for k in years_ago taken_within_days; do
	api POST "/metadata/query?user_id=$U" "{\"$k\":1}"
	status_is 200 "$k 1 (the minimum) is accepted"
done
api POST "/metadata/query?user_id=$U" '{"years_ago":100,"on_this_day":{"window_days":7},"taken_within_days":3650}'
status_is 200 "the maxima are accepted"
api POST "/metadata/query?user_id=$U" '{"years_ago":1.0}'
status_is 200 "years_ago 1.0 is an integer"

# bad_playlist JSON FIELD DESC: POST /playlists answers 400 naming FIELD.
bad_playlist() {
	api POST "/playlists?user_id=$U" "$1"
	is "$STATUS $(jq -r .field <<<"$BODY")" "400 $2" "$3"
}
bad_playlist '{"name":"m","playlist_type":"smart","smart_criteria":{"years_ago":0}}' years_ago \
    "a smart playlist's years_ago 0 is a 400"
bad_playlist '{"name":"m","playlist_type":"smart","smart_criteria":{"on_this_day":true},"timezone":"Nowhere/Land"}' \
    timezone "a playlist's unknown timezone is a 400"
bad_playlist '{"name":"m","playlist_type":"smart","smart_criteria":{"on_this_day":true},"timezone":7}' \
    timezone "a playlist's timezone that is not a string is a 400"

done_testing
