#!/usr/bin/env bash
# metrics-internal.t: /metrics answers only the addresses MEDIA_INTERNAL_NETS
# lists. A second nginx, rendered by the project's own script with loopback
# NOT internal, fronts the same pools on another free port.
. "$(dirname "$0")/../lib/tap.sh"
. "$MEDIA_ROOT/tools/ports.sh"

dir="$MEDIA_VAR_DIR/nginx-metrics-external"
port=$(free_port)
MEDIA_HTTP_PORT=$port MEDIA_INTERNAL_NETS="192.0.2.1/32" MEDIA_ACCESS_LOG=off \
    "$MEDIA_ROOT/tools/stack.sh" render-nginx "$dir" 2>/dev/null
nginx -e "$MEDIA_LOG_DIR/nginx-metrics-external.log" -p "$dir" -c "$dir/nginx.conf"
for i in $(seq 50); do [ -s "$dir/nginx.pid" ] && break; sleep 0.1; done
trap 'kill "$(cat "$dir/nginx.pid")" 2>/dev/null; rm -rf "$TAP_TMP"' EXIT

api GET "$MEDIA_TEST_URL/metrics"
status_is 200 "an internal address reads /metrics"
api GET "http://127.0.0.1:$port/metrics"
status_is 404 "an address that is not internal gets 404"
jq_is .code not_found "in the JSON error shape"
api GET "http://127.0.0.1:$port/health"
status_is 200 "while the rest of that router serves it"
done_testing
