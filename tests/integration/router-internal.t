#!/usr/bin/env bash
# router-internal.t: nginx honours X-Internal-Call only from the addresses
# MEDIA_INTERNAL_NETS lists, and replaces it for everyone else (contract §2).
# A second nginx, rendered by the project's own script with loopback NOT
# internal, fronts the same FastCGI pools on another free port.
. "$(dirname "$0")/../lib/tap.sh"
. "$MEDIA_ROOT/tools/ports.sh"

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"owned"}'
PL=$(jq -r .playlist_id <<<"$BODY")

dir="$MEDIA_VAR_DIR/nginx-external"
port=$(free_port)
MEDIA_HTTP_PORT=$port MEDIA_INTERNAL_NETS="192.0.2.1/32" MEDIA_ACCESS_LOG=off \
    "$MEDIA_ROOT/tools/stack.sh" render-nginx "$dir" 2>/dev/null
nginx -e "$MEDIA_LOG_DIR/nginx-external.log" -p "$dir" -c "$dir/nginx.conf"
for i in $(seq 50); do [ -s "$dir/nginx.pid" ] && break; sleep 0.1; done
trap 'kill "$(cat "$dir/nginx.pid")" 2>/dev/null; rm -rf "$TAP_TMP"' EXIT

api GET "/playlists/$PL" '' -H 'X-Internal-Call: true'
status_is 200 "from an internal address, X-Internal-Call: true acts without user_id"
api GET "http://127.0.0.1:$port/api/v1/media/playlists/$PL" '' -H 'X-Internal-Call: true'
status_is 400 "from an address that is not internal, the header is dropped: user_id is required"
jq_is .field user_id "naming user_id"
api GET "http://127.0.0.1:$port/api/v1/media/playlists/$PL?user_id=$U" '' -H 'X-Internal-Call: true'
status_is 200 "the same client with its user_id is served normally"
ok "$(header X-Request-ID | grep -qE '^[0-9a-f]{32}$' && echo 1)" "nginx hands out a request id"
api GET "/playlists?user_id=$U" '' -H 'X-Request-ID: trace-123'
is "$(header X-Request-ID)" "trace-123" "a well-formed caller request id is kept"
ok "$(grep -q '"request_id":"trace-123"' "$MEDIA_LOG_DIR/playlists.log" && echo 1)" \
    "and logged by the function"
api GET "/playlists?user_id=$U" '' -H 'X-Request-ID: bad id with spaces'
ok "$(header X-Request-ID | grep -qE '^[0-9a-f]{32}$' && echo 1)" "a malformed one is replaced"

done_testing
