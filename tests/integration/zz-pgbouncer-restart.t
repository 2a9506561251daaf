#!/usr/bin/env bash
# zz-pgbouncer-restart.t: after pgbouncer restarts, no request fails: each
# worker finds its idle connection closed before its next transaction and
# opens a new one (issue 10, finding 11). Runs at the end: it restarts
# pgbouncer by its PID.
. "$(dirname "$0")/../lib/tap.sh"
. "$MEDIA_ROOT/tools/fault.sh"

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"before"}'
PL=$(jq -r .playlist_id <<<"$BODY")
# Every worker of these functions holds a connection.
for i in $(seq 12); do
	api GET "/playlists?user_id=$U"
	api GET "/metadata/${U}_f?user_id=$U"
	api GET "/schedules/sched_000000000000000000000000?user_id=$U"
done

fault_kill pgbouncer
fault_restore
ok "$(kill -0 "$(cat "$MEDIA_RUN_DIR/pgbouncer.pid")" 2>/dev/null && echo 1)" "pgbouncer was restarted"

codes=""
for i in $(seq 6); do
	api GET "/playlists/$PL?user_id=$U";			codes+="$STATUS "
	api POST "/playlists?user_id=$U" "{\"name\":\"after $i\"}";	codes+="$STATUS "
	api GET "/metadata/${U}_f?user_id=$U";			codes+="$STATUS "
	api GET "/schedules/sched_000000000000000000000000?user_id=$U";	codes+="$STATUS "
done
is "$codes" "$(printf '200 201 404 404 %.0s' $(seq 6))" \
    "the first requests after the restart succeed on every worker (no 503)"
is "$(sql "SELECT count(*) FROM playlists WHERE user_id = :'v1'" "$U")" 7 "and every write is stored once"

done_testing
