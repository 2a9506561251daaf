#!/usr/bin/env bash
# zz-database-down.t: with the database unreachable the service answers 503
# in JSON (never hangs, never crashes) and recovers by itself once it is back.
# Runs last: it stops pgbouncer by its PID and starts it again.
. "$(dirname "$0")/../lib/tap.sh"
. "$MEDIA_ROOT/tools/fault.sh"

U=$(new_user)
api GET /health
status_is 200 "healthy before"
jq_is .database connected "database connected"

fault_kill pgbouncer

api GET /health
status_is 503 "/health answers 503 while the database is unreachable"
jq_is .database disconnected "and says the database is disconnected"
jq_is .status unhealthy "and the service unhealthy"
api GET "/playlists?user_id=$U"
status_is 503 "a read answers 503"
jq_is .code unavailable "with code unavailable"
api POST "/playlists?user_id=$U" '{"name":"while down"}'
status_is 503 "a write answers 503"
ok "$(! grep -q '"detail":"[^"]*\(SQL\|ERROR\|connect\)' <<<"$BODY" && echo 1)" "the error leaks no database detail"

fault_restore
api GET /health
status_is 200 "after pgbouncer is back, /health is 200 again (the connection is re-opened)"
api GET "/playlists?user_id=$U"
status_is 200 "and reads work"
api POST "/playlists?user_id=$U" '{"name":"after"}'
status_is 201 "and writes work"
api GET "/playlists?user_id=$U"
jq_is length 1 "only the write made after recovery exists"

done_testing
