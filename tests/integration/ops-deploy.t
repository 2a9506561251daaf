#!/usr/bin/env bash
# ops-deploy.t: `make deploy FUNCTION=playlists` under load. wrk keeps
# requesting playlists (the function deployed) and health (another one)
# through the whole deploy; neither sees a single error.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/wrk.sh"

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"deploy"}'
PL=$(jq -r .playlist_id <<<"$BODY")
old=$(cat "$MEDIA_RUN_DIR/playlists.pid")
other=$(cat "$MEDIA_RUN_DIR/health.pid")

count2xx() {
	curl -s "$MEDIA_TEST_URL/metrics" |
	    awk '$1 == "media_http_requests_total{function=\"playlists\",status_class=\"2xx\"}" { print $2 }'
}
before=$(count2xx)
wrk -t1 -c4 -d10s "$API/playlists/$PL?user_id=$U" >"$TAP_TMP/wrk-playlists" 2>&1 &
w1=$!
wrk -t1 -c4 -d10s "$MEDIA_TEST_URL/health" >"$TAP_TMP/wrk-health" 2>&1 &
w2=$!
sleep 2
t0=$(date +%s.%N)
(cd "$MEDIA_ROOT" && make -s MODE=test deploy FUNCTION=playlists) >"$TAP_TMP/deploy.log" 2>&1
rc=$?
t1=$(date +%s.%N)
wait $w1 $w2
sed 's/^/# deploy: /' "$TAP_TMP/deploy.log"

is "$rc" 0 "make deploy FUNCTION=playlists succeeds on the running stack"
ok "$(awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 7.5) }' && echo 1)" \
    "the deploy ended while wrk was still running (it took $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"
new=$(cat "$MEDIA_RUN_DIR/playlists.pid")
ok "$([ "$new" != "$old" ] && kill -0 "$new" 2>/dev/null && echo 1)" "a new playlists pool runs ($old -> $new)"
ok "$(kill -0 "$old" 2>/dev/null || echo 1)" "the old pool is gone"
is "$(cat "$MEDIA_RUN_DIR/health.pid")" "$other" "the health pool was not touched"

read -r req non2xx sock <<<"$(wrk_stats "$TAP_TMP/wrk-playlists")"
echo "# playlists during the deploy: $req requests, $non2xx non-2xx, $sock socket errors"
ok "$([ "$req" -gt 100 ] && echo 1)" "wrk sent requests to playlists throughout ($req)"
is "$non2xx/$sock" "0/0" "no playlists request failed (non-2xx/socket errors)"
read -r req non2xx sock <<<"$(wrk_stats "$TAP_TMP/wrk-health")"
echo "# health during the deploy: $req requests, $non2xx non-2xx, $sock socket errors"
ok "$([ "$req" -gt 100 ] && echo 1)" "wrk sent requests to health throughout ($req)"
is "$non2xx/$sock" "0/0" "no health request failed (non-2xx/socket errors)"

api GET "/playlists/$PL?user_id=$U"
status_is 200 "the new pool serves playlists"
# wrk counts what it saw complete; up to its 4 in-flight requests at the
# end were still answered (and counted) by the pool.
read -r req _ <<<"$(wrk_stats "$TAP_TMP/wrk-playlists")"
delta=$(($(count2xx) - before - 1))
ok "$([ "$delta" -ge "$req" ] && [ "$delta" -le "$((req + 4))" ] && echo 1)" \
    "/metrics counted the old and the new pool's answers alike ($delta for wrk's $req)"
ok "$([ ! -e "$MEDIA_RUN_DIR/playlists.next.sock" ] && [ -S "$MEDIA_RUN_DIR/playlists.sock" ] && echo 1)" \
    "the socket has its usual name again"

(cd "$MEDIA_ROOT" && make -s MODE=test deploy FUNCTION=nosuch) >/dev/null 2>&1
ok "$([ $? != 0 ] && echo 1)" "make deploy of an unknown function fails"
done_testing
