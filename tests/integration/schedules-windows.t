#!/usr/bin/env bash
# schedules-windows.t: which schedule is in force now (contract §3.4): time
# windows in the schedule's zone, built around the current time so the
# answers are fixed; wrap-around; weekdays; latest-wins; deactivation.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/cache.sh"

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"Frame","photo_ids":["p1"]}'
PL=$(jq -r .playlist_id <<<"$BODY")
ALL='[0,1,2,3,4,5,6]'

# timed FRAME TZ START END DAYS: create a time_based schedule; sets S and IN.
timed() {
	api POST "/schedules?user_id=$U" "{\"frame_id\":\"$1\",\"playlist_id\":\"$PL\",
	    \"schedule_type\":\"time_based\",\"timezone\":\"$2\",\"start_time\":\"$3\",
	    \"end_time\":\"$4\",\"days_of_week\":$5}"
	S=$(jq -r .schedule_id <<<"$BODY")
	IN=$(jq -r .in_force <<<"$BODY")
}

# A window around now, read in a zone that is not UTC.
TZ1=America/New_York
timed fa "$TZ1" "$(local_hm -60 $TZ1)" "$(local_hm 60 $TZ1)" "$ALL"
is "$IN" true "a window around now in $TZ1 is in force"
api GET "/schedules/frame/fa?user_id=$U"
status_is 200 "GET /schedules/frame/{id} finds it"
jq_is .schedule_id "$S" "and answers with it"

timed fb "$TZ1" "$(local_hm 60 $TZ1)" "$(local_hm 120 $TZ1)" "$ALL"
is "$IN" false "a window that starts in an hour is not in force"
api GET "/schedules/frame/fb?user_id=$U"
status_is 404 "and the frame has no schedule in force"

# The same wall-clock window in Tokyo time, but stored as UTC, is 9 hours off.
timed fc UTC "$(local_hm -60 Asia/Tokyo)" "$(local_hm 60 Asia/Tokyo)" "$ALL"
is "$IN" false "Tokyo's window read as UTC is not in force"
timed fc Asia/Tokyo "$(local_hm -60 Asia/Tokyo)" "$(local_hm 60 Asia/Tokyo)" "$ALL"
is "$IN" true "read in Asia/Tokyo it is"

# Wrap-around 22:00-06:00, in zones whose clocks now show 02:xx and 23:xx.
Z2=$(zone_at_hour 2)
TODAY=$(local_dow 0 "$Z2")
YESTERDAY=$(( (TODAY + 6) % 7 ))
timed fd "$Z2" 22:00 06:00 "[$YESTERDAY]"
is "$IN" true "at 02:xx ($Z2) the 22:00-06:00 window that began yesterday holds"
timed fd "$Z2" 22:00 06:00 "[$TODAY]"
is "$IN" false "at 02:xx the window of today has not begun (days name the start day)"
timed fd "$Z2" 06:00 22:00 "$ALL"
is "$IN" false "at 02:xx the daytime window 06:00-22:00 does not hold"
Z23=$(zone_at_hour 23)
TODAY=$(local_dow 0 "$Z23")
timed fd "$Z23" 22:00 06:00 "[$TODAY]"
is "$IN" true "at 23:xx ($Z23) tonight's 22:00-06:00 window holds"
timed fd "$Z23" 22:00 06:00 "[$(( (TODAY + 6) % 7 ))]"
is "$IN" false "at 23:xx yesterday's window is over"

# Weekdays: a whole-day window (start = end) that began an hour ago.
TZ2=Australia/Sydney
H=$(local_hm -60 $TZ2)
D=$(local_dow -60 $TZ2)
timed fe "$TZ2" "$H" "$H" "[$D]"
is "$IN" true "a whole-day window on the day it began holds"
OTHERS=$(jq -c --argjson d "$D" '[range(0;7)] - [$d]' <<<null)
timed fe "$TZ2" "$H" "$H" "$OTHERS"
is "$IN" false "the same window on every other day does not"

# Latest-created wins among the schedules in force; deactivation.
api POST "/schedules?user_id=$U" "{\"frame_id\":\"fl\",\"playlist_id\":\"$PL\"}"
A=$(jq -r .schedule_id <<<"$BODY")
api POST "/schedules?user_id=$U" "{\"frame_id\":\"fl\",\"playlist_id\":\"$PL\"}"
B=$(jq -r .schedule_id <<<"$BODY")
timed fl UTC "$(local_hm 60 UTC)" "$(local_hm 120 UTC)" "$ALL"
api GET "/schedules/frame/fl?user_id=$U"
jq_is .schedule_id "$B" "the latest schedule in force wins (a newer one not in force does not)"
api PUT "/schedules/$B?user_id=$U" '{"is_active":false}'
jq_is .in_force false "a deactivated schedule is not in force"
api GET "/schedules/frame/fl?user_id=$U"
jq_is .schedule_id "$A" "then the older one is in force"
api PUT "/schedules/$A?user_id=$U" '{"is_active":false}'
api GET "/schedules/frame/fl?user_id=$U"
status_is 404 "with every schedule inactive the frame has none in force"
api PUT "/schedules/$B?user_id=$U" '{"is_active":true}'
api GET "/schedules/frame/fl?user_id=$U"
jq_is .schedule_id "$B" "reactivated, it is in force again"

# event_based: in force only while triggered.
api POST "/schedules?user_id=$U" "{\"frame_id\":\"fl\",\"playlist_id\":\"$PL\",
    \"schedule_type\":\"event_based\",\"trigger_event\":\"trigger.doorbell.pressed\",\"active_minutes\":15}"
status_is 201 "an event_based schedule is created"
E=$(jq -r .schedule_id <<<"$BODY")
jq_is .in_force false "it is not in force before a trigger"
jq_is .trigger_event trigger.doorbell.pressed "trigger_event is kept"
api GET "/schedules/frame/fl?user_id=$U"
jq_is .schedule_id "$B" "the frame shows the continuous one meanwhile"
api POST "/schedules/$E/trigger?user_id=$U"
status_is 200 "POST /schedules/{id}/trigger answers 200"
jq_is .in_force true "the triggered schedule is in force"
left=$(sql "SELECT round(extract(epoch FROM triggered_until - now()) / 60) FROM rotation_schedules WHERE schedule_id = :'v1'" "$E")
is "$left" 15 "for its active_minutes"
api GET "/schedules/frame/fl?user_id=$U"
jq_is .schedule_id "$E" "and, the latest in force, it is the frame's schedule"
sql "UPDATE rotation_schedules SET triggered_until = now() - interval '1 minute' WHERE schedule_id = :'v1'" "$E"
api GET "/schedules/frame/fl?user_id=$U"
jq_is .schedule_id "$B" "once the trigger runs out the frame falls back"

api POST "/schedules?user_id=$U" "{\"frame_id\":\"fm\",\"playlist_id\":\"$PL\",\"schedule_type\":\"event_based\"}"
E2=$(jq -r .schedule_id <<<"$BODY")
api POST "/schedules/$E2/trigger?user_id=$U"
left=$(sql "SELECT round(extract(epoch FROM triggered_until - now()) / 60) FROM rotation_schedules WHERE schedule_id = :'v1'" "$E2")
is "$left" 60 "without active_minutes a trigger holds 60 minutes"
api PUT "/schedules/$E2?user_id=$U" '{"is_active":false}'
api POST "/schedules/$E2/trigger?user_id=$U"
status_is 409 "an inactive schedule cannot be triggered"
api POST "/schedules/$A/trigger?user_id=$U"
status_is 400 "a continuous schedule cannot be triggered"
jq_is .field schedule_type "and the error names schedule_type"
api POST "/schedules/sched_000000000000000000000000/trigger?user_id=$U"
status_is 404 "triggering a missing schedule is a 404"

done_testing
