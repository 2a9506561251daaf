#!/usr/bin/env bash
# ops-prod-storage.t: the production router does not serve /storage/
# (issue 10, finding 9). Originals sit in the storage folder at guessable
# paths (/storage/<user_id>/<file_id>); only the dev stack serves that
# folder, as its stand-in storage service. The production config is
# rendered by tools/nginx-config.sh (media-nginx.service's ExecStartPre)
# and run on a free loopback port.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

U=$(new_user)
D=$TAP_TMP/prod
mkdir -p "$D/storage/$U"
echo "original bytes" >"$D/storage/$U/${U}_f"
mkdir -p "$MEDIA_STORAGE_DIR/$U"
echo "dev bytes" >"$MEDIA_STORAGE_DIR/$U/${U}_f"
chmod o+x "$TAP_TMP"
chmod -R a+rX "$D"
P=$(free_port)
cleanup() {
	[ -s "$D/nginx/nginx.pid" ] && kill -QUIT "$(cat "$D/nginx/nginx.pid")" 2>/dev/null
	rm -rf "$TAP_TMP" "$MEDIA_STORAGE_DIR/$U"
}
trap cleanup EXIT

out=$(env MEDIA_NGINX_TEMPLATES="$MEDIA_ROOT/nginx" NGINX_DIR="$D/nginx" \
    MEDIA_LOG_DIR="$D" MEDIA_ACCESS_LOG=off MEDIA_HTTP_ADDR=127.0.0.1 MEDIA_HTTP_PORT="$P" \
    MEDIA_STORAGE_DIR="$D/storage" MEDIA_CACHE_DIR="$D/cache" MEDIA_RUN_DIR="$D/run" \
    MEDIA_DOCS_DIR="$D/docs" MEDIA_NGINX_USER="$MEDIA_RUN_USER" \
    "$MEDIA_ROOT/tools/nginx-config.sh" 2>&1)
ok "$([ $? = 0 ] && echo 1)" "tools/nginx-config.sh renders the production router"
[ -n "$out" ] && echo "$out" | sed 's/^/#   /'
ok "$(! grep -rqs 'location /storage/' "$D/nginx" && echo 1)" "which has no /storage/ location"

nginx -e "$D/error.log" -c "$D/nginx/nginx.conf" -p "$D/nginx"
for i in $(seq 50); do [ -s "$D/nginx/nginx.pid" ] && break; sleep 0.1; done
api GET "http://127.0.0.1:$P/storage/$U/${U}_f"
status_is 404 "GET /storage/<user>/<file> on the production router is a 404"
jq_is .code not_found "in JSON"
ok "$(! grep -q 'original bytes' <<<"$BODY" && echo 1)" "and never the original's bytes"

api GET "/storage/$U/${U}_f"
status_is 200 "the dev stack still serves its storage folder"
is "$BODY" "dev bytes" "with the file's bytes"

done_testing
