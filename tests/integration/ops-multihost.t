#!/usr/bin/env bash
# ops-multihost.t: one function's pool runs twice, on two TCP ports (two
# "hosts"), behind one nginx upstream with the retry policy of
# nginx/multihost/fastcgi_failover.conf. One pool is killed outright under
# load; nginx retries on the other and no client request fails.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/wrk.sh"

free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 12000))	# below the ephemeral range (32768-)
		(echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}
P1=$(free_port)
P2=$(free_port)
while [ "$P2" = "$P1" ]; do P2=$(free_port); done
PORT=$(free_port)
D=$TAP_TMP/mh
mkdir -p "$D/tmp"
pools=()
cleanup() {
	[ -s "$D/nginx.pid" ] && kill -QUIT "$(cat "$D/nginx.pid")" 2>/dev/null
	local p
	for p in "${pools[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
	sleep 1
	rm -rf "$TAP_TMP"
}
trap cleanup EXIT

start_pool() {	# start_pool PORT: a playlists pool on 127.0.0.1:PORT; prints its PID
	FCGI_WEB_SERVER_ADDRS=127.0.0.1 setsid spawn-fcgi -n -a 127.0.0.1 -p "$1" -- /usr/bin/multiwatch -f 2 -- \
	    "$MEDIA_BIN_DIR/media-playlists" >>"$D/pool-$1.log" 2>&1 </dev/null &
	echo $!
}
pool1=$(start_pool "$P1")
pool2=$(start_pool "$P2")
pools=("$pool1" "$pool2")

cat >"$D/nginx.conf" <<CONF
pid $D/nginx.pid;
error_log $D/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $D/tmp/body;
    fastcgi_temp_path $D/tmp/fastcgi;
    proxy_temp_path $D/tmp/proxy;
    uwsgi_temp_path $D/tmp/uwsgi;
    scgi_temp_path $D/tmp/scgi;
    map \$http_x_internal_call \$media_internal_call { default ""; }
    map \$http_x_request_id \$media_request_id { default \$request_id; }
    upstream media_playlists {
        server 127.0.0.1:$P1 max_fails=1 fail_timeout=10s;
        server 127.0.0.1:$P2 max_fails=1 fail_timeout=10s;
    }
    server {
        listen 127.0.0.1:$PORT;
        location ^~ /api/v1/media/playlists {
            include $MEDIA_ROOT/nginx/fastcgi_media.conf;
            include $MEDIA_ROOT/nginx/multihost/fastcgi_failover.conf;
            fastcgi_pass media_playlists;
        }
    }
}
CONF
nginx -q -p "$D" -c "$D/nginx.conf" 2>"$D/nginx.err"
ok "$([ $? = 0 ] && echo 1)" "nginx starts with an upstream of two pools on ports $P1 and $P2"
for i in $(seq 50); do
	(echo >"/dev/tcp/127.0.0.1/$P1") 2>/dev/null && (echo >"/dev/tcp/127.0.0.1/$P2") 2>/dev/null && break
	sleep 0.1
done

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"multihost"}'
PL=$(jq -r .playlist_id <<<"$BODY")
URL="http://127.0.0.1:$PORT/api/v1/media/playlists/$PL?user_id=$U"
api GET "$URL"
status_is 200 "a playlist is served through the upstream"

wrk -t1 -c8 -d8s "$URL" >"$D/wrk" 2>&1 &
w=$!
sleep 2
kill -KILL -- "-$pool1"	# the whole pool, mid-request: a host that died
ok "$(sleep 0.5; (echo >"/dev/tcp/127.0.0.1/$P1") 2>/dev/null || echo 1)" "pool 1 is dead (port $P1 refuses)"
wait $w
read -r req non2xx sock <<<"$(wrk_stats "$D/wrk")"
echo "# through the kill: $req requests, $non2xx non-2xx, $sock socket errors"
ok "$([ "$req" -gt 100 ] && echo 1)" "wrk kept sending requests through the kill ($req)"
is "$non2xx/$sock" "0/0" "no request failed: nginx retried each on the surviving pool"
ok "$(grep -qE "(connect\(\) failed|upstream prematurely closed|recv\(\) failed).*127\.0\.0\.1:$P1" "$D/error.log" && echo 1)" \
    "nginx saw pool 1 fail (so the retry path was taken)"

wrk -t1 -c8 -d2s "$URL" >"$D/wrk2" 2>&1
read -r req non2xx sock <<<"$(wrk_stats "$D/wrk2")"
ok "$([ "$req" -gt 50 ] && [ "$non2xx" = 0 ] && [ "$sock" = 0 ] && echo 1)" \
    "with pool 1 marked down, pool 2 alone serves without errors ($req requests)"
done_testing
