#!/usr/bin/env bash
# listener-triggers.t: event-based schedules (issue 10 finding 5). The
# trigger namespace (MEDIA_TRIGGER_SUBJECTS, trigger.>) is captured up
# front, so a trigger sent right after the 201, or while no listener runs,
# is not lost; a trigger fires only the schedules of the user it names;
# one without user_id goes to MEDIA_DEAD; a subject outside the namespace
# is refused at the API.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

A=$(new_user)
B=$(new_user)
trap 'stack_listener_start; rm -rf "$TAP_TMP"' EXIT
SUBJ="trigger.bell.$A"
schedule() {	# schedule USER SUBJECT: an event-based schedule's id
	api POST "/playlists?user_id=$1" '{"name":"t","photo_ids":["p1"]}'
	api POST "/schedules?user_id=$1" "{\"frame_id\":\"f\",\"playlist_id\":\"$(jq -r .playlist_id <<<"$BODY")\",
	    \"schedule_type\":\"event_based\",\"trigger_event\":\"$2\",\"active_minutes\":15}"
	jq -r .schedule_id <<<"$BODY"
}
until_of() { sql "SELECT coalesce(triggered_until::text, 'none') FROM rotation_schedules WHERE schedule_id = :'v1'" "$1"; }

SA=$(schedule "$A" "$SUBJ")
SB=$(schedule "$B" "$SUBJ")
publish "$SUBJ" "{\"user_id\":\"$A\"}"	# at once: no waiting for any sync
is "$(wait_sql t "SELECT triggered_until > now() FROM rotation_schedules WHERE schedule_id = :'v1'" "$SA")" t \
    "a trigger sent right after the 201 fires the schedule"
sleep 1
is "$(until_of "$SB")" none "it fires only the schedules of the user it names"

publish "$SUBJ" '{"note":"no user"}'
for i in $(seq 50); do natsctl dump MEDIA_DEAD 2>/dev/null | grep -q "no user" && break; sleep 0.2; done
ok "$(natsctl dump MEDIA_DEAD | grep -F "$SUBJ" | grep "no user")" "a trigger without user_id goes to MEDIA_DEAD"
is "$(until_of "$SB")" none "and fires nobody's schedule"

# While no listener runs: the stream keeps it until one does.
stack_listener_stop
publish "$SUBJ" "{\"user_id\":\"$B\"}"
stack_listener_start
is "$(wait_sql t "SELECT triggered_until > now() FROM rotation_schedules WHERE schedule_id = :'v1'" "$SB")" t \
    "a trigger sent while the listener was down fires once it is back"

api POST "/schedules?user_id=$A" '{"frame_id":"f","playlist_id":"x","schedule_type":"event_based","trigger_event":"doorbell.pressed"}'
status_is 400 "a trigger_event outside the namespace is refused"
jq_is .field trigger_event "naming trigger_event"
ok "$(natsctl subjects MEDIA_INBOX | grep -qxF doorbell.pressed || echo 1)" "and the stream never captures it"
done_testing
