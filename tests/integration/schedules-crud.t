#!/usr/bin/env bash
# schedules-crud.t: create, read, list, update and delete schedules, and
# their media.schedule.updated events (contract §3.4).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"Frame","photo_ids":["p1","p2"]}'
PL=$(jq -r .playlist_id <<<"$BODY")

api POST "/schedules?user_id=$U" "{\"frame_id\":\"f1\",\"playlist_id\":\"$PL\"}"
status_is 201 "POST /schedules answers 201"
S=$(jq -r .schedule_id <<<"$BODY")
ok "$([[ $S =~ ^sched_[0-9a-f]{24}$ ]] && echo 1)" "the id is sched_ + 24 hex chars"
jq_is .schedule_type continuous "schedule_type defaults to continuous"
jq_is .timezone UTC "timezone defaults to UTC"
jq_is .rotation_interval 10 "rotation_interval defaults to 10"
jq_is .shuffle false "shuffle defaults to false"
jq_is .is_active true "is_active defaults to true"
jq_is .in_force true "a continuous active schedule is in force"
jq_is .user_id "$U" "the schedule belongs to the caller"
jq_is '.days_of_week|length' 0 "days_of_week defaults to []"
ok "$(jq -r .created_at <<<"$BODY" | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' && echo 1)" \
    "created_at is RFC 3339 UTC"

api GET "/schedules/$S?user_id=$U"
status_is 200 "GET /schedules/{id} answers 200"
jq_is .playlist_id "$PL" "and returns the schedule"

api POST "/schedules?user_id=$U" "{\"frame_id\":\"f1\",\"playlist_id\":\"$PL\",\"schedule_type\":\"TIME_BASED\",
    \"start_time\":\"08:00\",\"end_time\":\"09:30\",\"days_of_week\":[4,0,4,2],\"timezone\":\"Europe/Paris\",
    \"rotation_interval\":30,\"shuffle\":true,\"is_active\":false}"
status_is 201 "a time_based schedule is created"
S2=$(jq -r .schedule_id <<<"$BODY")
jq_is .schedule_type time_based "an upper-case schedule_type is stored lowercase"
jq_is '.days_of_week|join(",")' "0,2,4" "days_of_week are stored sorted without repeats"
jq_is .timezone Europe/Paris "the timezone is kept"
jq_is '[.start_time,.end_time]|join("-")' "08:00-09:30" "start_time and end_time are kept"
jq_is .in_force false "an inactive schedule is not in force"

api GET "/schedules/frame/f1?user_id=$U&all=true"
status_is 200 "GET /schedules/frame/{id}?all=true answers 200"
jq_is length 2 "and lists every schedule of the frame"
jq_is '.[0].schedule_id' "$S2" "newest first"
is "$(header X-Total-Count)" 2 "X-Total-Count is the total"
api GET "/schedules/frame/f1?user_id=$U&all=true&limit=1&offset=1"
jq_is '.[0].schedule_id' "$S" "limit and offset page through them"

api GET "/schedules/frame/f2?user_id=$U&all=true"
jq_is length 0 "another frame has no schedules: []"

api PUT "/schedules/$S?user_id=$U" '{"rotation_interval":60,"shuffle":true}'
status_is 200 "PUT /schedules/{id} answers 200"
jq_is .rotation_interval 60 "rotation_interval changed"
jq_is .shuffle true "shuffle changed"
jq_is .playlist_id "$PL" "untouched fields stay"

api PUT "/schedules/$S?user_id=$U" '{"schedule_type":"time_based"}'
status_is 400 "turning a schedule time_based without a window is refused"
jq_is .field start_time "and names start_time"

api PUT "/schedules/$S?user_id=$U" '{"schedule_type":"time_based","start_time":"22:00","end_time":"06:00","days_of_week":[5,6]}'
status_is 200 "turning it time_based with a window is accepted"
jq_is .schedule_type time_based "the type changed"

api PUT "/schedules/$S2?user_id=$U" '{"start_time":"07:00"}'
status_is 200 "a time_based schedule's start_time alone can change"
jq_is .end_time "09:30" "its end_time stays"

api DELETE "/schedules/$S?user_id=$U"
status_is 204 "DELETE /schedules/{id} answers 204"
is "$BODY" "" "with no body"
api GET "/schedules/$S?user_id=$U"
status_is 404 "the deleted schedule is gone"
api DELETE "/schedules/$S?user_id=$U"
status_is 404 "deleting it again is a 404"

n=$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.schedule.updated'" "$S")
is "$n" 4 "create + 2 updates + delete wrote 4 events (the refused update none)"
ev=$(sql "SELECT payload FROM outbox WHERE aggregate_id = :'v1' ORDER BY id LIMIT 1" "$S")
is "$(jq -r '[.schedule_id,.user_id,.frame_id,.playlist_id,.action]|join(",")' <<<"$ev")" \
    "$S,$U,f1,$PL,created" "the create event carries schedule_id, user_id, frame_id, playlist_id, action"
ev=$(sql "SELECT payload FROM outbox WHERE aggregate_id = :'v1' ORDER BY id DESC LIMIT 1" "$S")
is "$(jq -r '.action' <<<"$ev")" deleted "the delete event says deleted"

# EC-M004: deleting the playlist leaves the schedule.
api DELETE "/playlists/$PL?user_id=$U"
api GET "/schedules/$S2?user_id=$U"
status_is 200 "a schedule outlives its deleted playlist (EC-M004)"

done_testing
