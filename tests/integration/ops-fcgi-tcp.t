#!/usr/bin/env bash
# ops-fcgi-tcp.t: a function on a TCP socket serves only the routers it is
# told about (issue 10, finding 11). Whoever reaches a FastCGI port can
# send any header, X-Internal-Call included: a worker on TCP without
# FCGI_WEB_SERVER_ADDRS refuses to start, and the shipped systemd drop-in
# neither listens on every address nor accepts every peer.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

conf=$MEDIA_ROOT/systemd/multihost-tcp.conf
ok "$(grep -Eq '^ListenStream=(0\.0\.0\.0|\[::\]|[0-9]+$)' "$conf" || echo 1)" \
    "multihost-tcp.conf does not listen on every address"
ok "$(grep -qx 'IPAddressDeny=any' "$conf" && grep -q '^IPAddressAllow=' "$conf" && echo 1)" \
    "and lets only the routers' addresses connect (IPAddressDeny=any, IPAddressAllow=)"

P=$(free_port)
log=$TAP_TMP/tcp.log
env -u FCGI_WEB_SERVER_ADDRS spawn-fcgi -n -a 127.0.0.1 -p "$P" -- \
    "$MEDIA_BIN_DIR/media-playlists" >>"$log" 2>&1 </dev/null &
pid=$!
for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
	ok "" "a worker on TCP without FCGI_WEB_SERVER_ADDRS refuses to start"
	kill "$pid"
	wait "$pid" 2>/dev/null
else
	wait "$pid"
	is "$?" 1 "a worker on TCP without FCGI_WEB_SERVER_ADDRS refuses to start"
fi
ok "$(grep -q 'FCGI_WEB_SERVER_ADDRS' "$log" && echo 1)" "and says why in its log"

P=$(free_port)
FCGI_WEB_SERVER_ADDRS=127.0.0.1 spawn-fcgi -n -a 127.0.0.1 -p "$P" -- \
    "$MEDIA_BIN_DIR/media-playlists" >>"$log" 2>&1 </dev/null &
pid=$!
sleep 1
ok "$(kill -0 "$pid" 2>/dev/null && echo 1)" "with FCGI_WEB_SERVER_ADDRS set it serves"
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

done_testing
