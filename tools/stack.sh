#!/usr/bin/env bash
# stack.sh: start, stop or run the whole media stack under $MEDIA_VAR_DIR.
#
#   stack.sh start   start everything in the background, return once /health is 200
#   stack.sh run     start, print the URLs, stay in the foreground; Ctrl-C stops all
#   stack.sh stop    stop what start or run started (by the PIDs they recorded)
#   stack.sh status  show what is running
#   stack.sh deploy FUNCTION  swap FUNCTION's pool for its new binary, no request dropped
#   stack.sh render-nginx DIR   write the router's configuration into DIR
#
# Every process is recorded in $MEDIA_RUN_DIR/*.pid and stopped by that PID.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

log() { printf 'stack: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The function pools: every functions/<name> directory with a built binary.
functions() {
	local d
	for d in "$MEDIA_ROOT"/functions/*/; do
		d=${d%/}
		[ "${d##*/}" = listener ] && continue	# a daemon, not a pool
		[ -x "$MEDIA_BIN_DIR/media-${d##*/}" ] && echo "${d##*/}"
	done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# PostgreSQL and the nginx workers run unprivileged, so they must be able to
# walk down to var/. Where an ancestor folder lacks the search bit for others
# (a repo under /root, say), add only that bit, and say so.
ensure_reachable() {
	[ "$(id -u)" = 0 ] || return 0
	local dir=$1
	while [ "$dir" != / ]; do
		if [ -d "$dir" ] && ! runuser -u "$MEDIA_PG_OS_USER" -- test -x "$dir" 2>/dev/null; then
			log "granting search (o+x) on $dir so $MEDIA_PG_OS_USER can reach $MEDIA_VAR_DIR"
			chmod o+x "$dir"
		fi
		dir=$(dirname "$dir")
	done
}

render() {	# render TEMPLATE OUT: fill ${VARS} from the environment
	envsubst "$(env | sed -n 's/^\(MEDIA_[A-Z0-9_]*\|NGINX_[A-Z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')" \
	    <"$1" >"$2"
}

prepare_dirs() {
	mkdir -p "$MEDIA_VAR_DIR" "$MEDIA_RUN_DIR" "$MEDIA_LOG_DIR" "$MEDIA_CACHE_DIR" \
	    "$MEDIA_STORAGE_DIR" "$MEDIA_VAR_DIR/pg" "$PGB_DIR" "$NATS_DIR" "$NGINX_DIR/routes" "$NGINX_DIR/tmp"
	ensure_reachable "$MEDIA_VAR_DIR"
	chmod 755 "$MEDIA_VAR_DIR" "$MEDIA_RUN_DIR" "$MEDIA_LOG_DIR"
	if [ "$(id -u)" = 0 ]; then
		chown "$MEDIA_PG_OS_USER" "$MEDIA_VAR_DIR/pg" "$PGB_DIR"
		chown "$MEDIA_RUN_USER" "$MEDIA_CACHE_DIR" "$MEDIA_LOG_DIR"
		chmod 1777 "$MEDIA_LOG_DIR"
	fi
	# The metrics segment every worker adds to (shared/stats.c): made here
	# because the workers may not create files in the run folder.
	touch "$MEDIA_RUN_DIR/metrics"
	[ "$(id -u)" = 0 ] && chown "$MEDIA_RUN_USER" "$MEDIA_RUN_DIR/metrics"
	chmod 0660 "$MEDIA_RUN_DIR/metrics"
	# A stale var/ from a killed run: PID files of dead processes, old sockets.
	local f
	for f in "$MEDIA_RUN_DIR"/*.pid; do
		[ -e "$f" ] || continue
		pid_alive "$f" || rm -f "$f"
	done
	for f in "$MEDIA_RUN_DIR"/*.sock; do
		[ -e "$f" ] || continue
		pid_alive "${f%.sock}.pid" || rm -f "$f"
	done
}

start_postgres() {
	if [ ! -s "$PG_DATA/PG_VERSION" ]; then
		log "initdb $PG_DATA"
		rm -rf "$PG_DATA"
		as_user "$MEDIA_PG_OS_USER" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres \
		    --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 >"$MEDIA_LOG_DIR/initdb.log"
	fi
	if as_user "$MEDIA_PG_OS_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
		log "postgres already running"
	else
		rm -f "$PG_DATA/postmaster.pid"
		as_user "$MEDIA_PG_OS_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 60 \
		    -l "$MEDIA_LOG_DIR/postgres.log" start -o "-p $MEDIA_PG_PORT -k $MEDIA_VAR_DIR/pg \
		    -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB \
		    -c log_min_duration_statement=1000" >/dev/null \
		    || die "postgres did not start; see $MEDIA_LOG_DIR/postgres.log"
	fi
	as_user "$MEDIA_PG_OS_USER" cat "$PG_DATA/postmaster.pid" | head -1 >"$MEDIA_RUN_DIR/postgres.pid"
	"$MEDIA_ROOT/tools/migrate.sh"
}

start_pgbouncer() {
	pid_alive "$MEDIA_RUN_DIR/pgbouncer.pid" && return 0
	cat >"$PGB_DIR/pgbouncer.ini" <<-EOF
	[databases]
	* = host=127.0.0.1 port=$MEDIA_PG_PORT
	[pgbouncer]
	listen_addr = 127.0.0.1
	listen_port = $MEDIA_PGBOUNCER_PORT
	unix_socket_dir =
	auth_type = trust
	auth_file = $PGB_DIR/userlist.txt
	pool_mode = transaction
	max_client_conn = 4000
	default_pool_size = $MEDIA_PG_POOL_SIZE
	max_db_connections = 100
	server_reset_query =
	; A request must not queue for minutes when PostgreSQL is down: the
	; programs answer 503 and the frames retry.
	query_wait_timeout = 10
	server_connect_timeout = 3
	server_login_retry = 1
	ignore_startup_parameters = extra_float_digits,options
	pidfile = $PGB_DIR/pgbouncer.pid
	logfile = $MEDIA_LOG_DIR/pgbouncer.log
	log_connections = 0
	log_disconnections = 0
	admin_users = postgres
	EOF
	printf '"%s" ""\n"postgres" ""\n' "$MEDIA_PG_USER" >"$PGB_DIR/userlist.txt"
	[ "$(id -u)" = 0 ] && chown "$MEDIA_PG_OS_USER" "$PGB_DIR"/*
	rm -f "$PGB_DIR/pgbouncer.pid"
	as_user "$MEDIA_PG_OS_USER" pgbouncer -d "$PGB_DIR/pgbouncer.ini" \
	    || die "pgbouncer did not start; see $MEDIA_LOG_DIR/pgbouncer.log"
	local i
	for i in $(seq 50); do [ -s "$PGB_DIR/pgbouncer.pid" ] && break; sleep 0.1; done
	cp "$PGB_DIR/pgbouncer.pid" "$MEDIA_RUN_DIR/pgbouncer.pid"
}

start_nats() {
	pid_alive "$MEDIA_RUN_DIR/nats.pid" && return 0
	setsid nats-server -a 127.0.0.1 -p "$MEDIA_NATS_PORT" -js -sd "$NATS_DIR" \
	    -P "$MEDIA_RUN_DIR/nats.pid" -l "$MEDIA_LOG_DIR/nats.log" </dev/null >/dev/null 2>&1 &
	local i
	for i in $(seq 100); do
		(echo >"/dev/tcp/127.0.0.1/$MEDIA_NATS_PORT") 2>/dev/null && return 0
		sleep 0.1
	done
	die "nats-server did not start; see $MEDIA_LOG_DIR/nats.log"
}

# One spawn-fcgi + multiwatch pool per function; multiwatch restarts a
# worker that crashes. MEDIA_WORKERS_<NAME> overrides the worker count.
# start_pool FN [NAME]: NAME (default FN) names the socket and PID file.
start_pool() {
	local fn=$1 sock="$MEDIA_RUN_DIR/${2:-$1}.sock" pidf="$MEDIA_RUN_DIR/${2:-$1}.pid"
	pid_alive "$pidf" && return 0
	local var="MEDIA_WORKERS_${fn^^}" n
	n=${!var:-$MEDIA_WORKERS}
	case $fn in health|metrics) n=${!var:-1} ;; esac	# light, rarely asked
	rm -f "$sock"
	local own=()
	[ "$(id -u)" = 0 ] && own=(-u "$MEDIA_RUN_USER" -U "$MEDIA_RUN_USER")
	# -n: spawn-fcgi execs multiwatch in place (keeping stderr for the
	# log), and the PID we record is multiwatch's.
	setsid spawn-fcgi -n -s "$sock" -M 0660 "${own[@]}" -- \
	    /usr/bin/multiwatch -f "$n" -- "$MEDIA_BIN_DIR/media-$fn" \
	    >>"$MEDIA_LOG_DIR/$fn.log" 2>&1 </dev/null &
	echo $! >"$pidf"
	local i
	for i in $(seq 50); do [ -S "$sock" ] && return 0; sleep 0.1; done
	die "spawn-fcgi for $fn failed; see $MEDIA_LOG_DIR/$fn.log"
}

start_listener() {
	local bin="$MEDIA_BIN_DIR/media-listener" pidf="$MEDIA_RUN_DIR/listener.pid"
	[ -x "$bin" ] || return 0
	pid_alive "$pidf" && return 0
	# setpriv execs the daemon (runuser would stay its parent and SIGKILL
	# it 2 s after passing on a TERM, cutting short the clean exit).
	if [ "$(id -u)" = 0 ]; then
		setsid setpriv --reuid="$MEDIA_RUN_USER" --regid="$MEDIA_RUN_USER" --init-groups -- \
		    "$bin" </dev/null >>"$MEDIA_LOG_DIR/listener.log" 2>&1 &
	else
		setsid "$bin" </dev/null >>"$MEDIA_LOG_DIR/listener.log" 2>&1 &
	fi
	echo $! >"$pidf"
}

# render_nginx DIR: nginx.conf and its includes into DIR (pid, temp files
# and routes live there too), for the functions that are built.
render_nginx() {
	NGINX_DIR=$1
	mkdir -p "$NGINX_DIR/routes" "$NGINX_DIR/dev" "$NGINX_DIR/tmp"
	export NGINX_DIR NGINX_USER_LINE="" NGINX_INTERNAL_GEO="" NGINX_ACCESS_LOG
	NGINX_ACCESS_LOG="${MEDIA_ACCESS_LOG:-$MEDIA_LOG_DIR/access.log} media"
	[ "${MEDIA_ACCESS_LOG:-}" = off ] && NGINX_ACCESS_LOG=off
	[ "$(id -u)" = 0 ] && NGINX_USER_LINE="user $MEDIA_RUN_USER;"
	local net fn
	for net in $MEDIA_INTERNAL_NETS; do
		NGINX_INTERNAL_GEO+="        $net 1;"$'\n'
	done
	cp /etc/nginx/mime.types "$NGINX_DIR/mime.types"
	cp "$MEDIA_ROOT/nginx/fastcgi_media.conf" "$NGINX_DIR/fastcgi_media.conf"
	rm -f "$NGINX_DIR"/routes/*.conf
	for fn in $(functions); do
		[ -f "$MEDIA_ROOT/nginx/routes/$fn.conf" ] &&
		    render "$MEDIA_ROOT/nginx/routes/$fn.conf" "$NGINX_DIR/routes/$fn.conf"
	done
	# The API docs page and the frame player are static: no function behind them.
	render "$MEDIA_ROOT/nginx/routes/docs.conf" "$NGINX_DIR/routes/docs.conf"
	render "$MEDIA_ROOT/nginx/routes/frame.conf" "$NGINX_DIR/routes/frame.conf"
	# The dev stack's own storage service (never in production).
	rm -f "$NGINX_DIR"/dev/*.conf
	for f in "$MEDIA_ROOT"/nginx/dev/*.conf; do
		render "$f" "$NGINX_DIR/dev/$(basename "$f")"
	done
	render "$MEDIA_ROOT/nginx/nginx.conf.in" "$NGINX_DIR/nginx.conf"
	nginx -e "$MEDIA_LOG_DIR/nginx-error.log" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -t -q \
	    || die "nginx config test failed"
}

start_nginx() {
	pid_alive "$MEDIA_RUN_DIR/nginx.pid" && return 0
	render_nginx "$NGINX_DIR"
	nginx -e "$MEDIA_LOG_DIR/nginx-error.log" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" \
	    || die "nginx did not start; see $MEDIA_LOG_DIR/nginx-error.log"
	local i
	for i in $(seq 50); do [ -s "$NGINX_DIR/nginx.pid" ] && break; sleep 0.1; done
	cp "$NGINX_DIR/nginx.pid" "$MEDIA_RUN_DIR/nginx.pid"
}

wait_healthy() {
	local i
	for i in $(seq 150); do
		if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MEDIA_HTTP_PORT/health")" = 200 ]; then
			return 0
		fi
		sleep 0.2
	done
	die "/health did not answer 200; logs are in $MEDIA_LOG_DIR"
}

cmd_start() {
	[ -n "$(functions)" ] || die "no function binaries in $MEDIA_BIN_DIR (run make first)"
	prepare_dirs
	start_postgres
	start_pgbouncer
	start_nats
	local fn
	for fn in $(functions); do start_pool "$fn"; done
	start_listener
	start_nginx
	wait_healthy
	log "up: http://127.0.0.1:$MEDIA_HTTP_PORT/health"
}

# stop_pid NAME: TERM the recorded PID and, when it leads a process group
# (every pool and the listener start under setsid), the whole group: a
# pool whose multiwatch was killed leaves its workers behind in that group,
# and they go too. Wait, then KILL what is left.
stop_pid() {
	local pidf="$MEDIA_RUN_DIR/$1.pid" pid i
	[ -f "$pidf" ] || return 0
	pid=$(cat "$pidf")
	case $pid in ''|*[!0-9]*) rm -f "$pidf"; return 0 ;; esac
	# Alive: the process or one of its group, and not a zombie (kill -0
	# succeeds on one: a daemon the starting shell never reaps, as under
	# make test or make bench, would cost the 10 s wait below).
	alive() {
		ps -e -o pgid=,pid=,stat= |
		    awk -v p="$pid" '($1 == p || $2 == p) && $3 !~ /^Z/ { up = 1 } END { exit !up }'
	}
	# TERM again each second: the group's TERM can end a pool's worker
	# before multiwatch handles its own, and multiwatch restarts it; the
	# stop signal it then sends its children can reach the new one before
	# its exec, which loses it, and that worker would wait in accept()
	# until the KILL (seen on a make start stack: 2 or 3 pools a stop).
	if alive; then
		for i in $(seq 100); do
			if [ $((i % 10)) = 1 ]; then
				kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
			fi
			alive || break
			sleep 0.1
		done
		if alive; then
			kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	rm -f "$pidf" "$MEDIA_RUN_DIR/$1.sock"
}

cmd_stop() {
	[ -d "$MEDIA_RUN_DIR" ] || return 0
	stop_pid nginx
	stop_pid listener
	local f
	for f in "$MEDIA_RUN_DIR"/*.pid; do
		[ -e "$f" ] || continue
		case ${f##*/} in postgres.pid|pgbouncer.pid|nats.pid) continue ;; esac
		stop_pid "$(basename "$f" .pid)"
	done
	stop_pid nats
	stop_pid pgbouncer
	if [ -s "$PG_DATA/PG_VERSION" ]; then
		as_user "$MEDIA_PG_OS_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -f "$MEDIA_RUN_DIR/postgres.pid"
	log "stopped"
}

cmd_status() {
	local f
	for f in "$MEDIA_RUN_DIR"/*.pid; do
		[ -e "$f" ] || continue
		if pid_alive "$f"; then echo "$(basename "$f" .pid): running ($(cat "$f"))"
		else echo "$(basename "$f" .pid): dead"; fi
	done
}

cmd_run() {
	trap 'cmd_stop; exit 0' INT TERM
	cmd_start
	cat <<-EOF

	  media service:  http://127.0.0.1:$MEDIA_HTTP_PORT/api/v1/media/
	  health:         http://127.0.0.1:$MEDIA_HTTP_PORT/health
	  cached files:   http://127.0.0.1:$MEDIA_HTTP_PORT/cached/
	  local storage:  http://127.0.0.1:$MEDIA_HTTP_PORT/storage/  ($MEDIA_STORAGE_DIR)
	  PostgreSQL:     psql -h 127.0.0.1 -p $MEDIA_PGBOUNCER_PORT -U $MEDIA_PG_USER $MEDIA_PG_DB  (via pgbouncer)
	  NATS:           $MEDIA_NATS_URL
	  logs:           $MEDIA_LOG_DIR

	  Ctrl-C (or make stop) stops everything.
	EOF
	while :; do sleep 1 & wait $!; done
}

# deploy FN: replace FN's pool by one running the binary now in
# $MEDIA_BIN_DIR, dropping no request. The new pool listens on a new socket,
# renamed over the old path: nginx connects by path, so from the rename on
# new requests reach the new pool, and the old one only drains what its
# backlog already holds before it stops (by its PID). The listener, a
# daemon that acks JetStream messages only when done, simply restarts.
cmd_deploy() {
	local fn=${1:-} old i
	[ -n "$fn" ] && [ -x "$MEDIA_BIN_DIR/media-$fn" ] || die "usage: stack.sh deploy FUNCTION (a binary in $MEDIA_BIN_DIR)"
	if [ "$fn" = listener ]; then
		stop_pid listener
		start_listener
		log "deployed listener (pid $(cat "$MEDIA_RUN_DIR/listener.pid"))"
		return 0
	fi
	pid_alive "$MEDIA_RUN_DIR/$fn.pid" || die "$fn is not running here (make start first)"
	old=$(cat "$MEDIA_RUN_DIR/$fn.pid")
	rm -f "$MEDIA_RUN_DIR/$fn.next.pid"
	start_pool "$fn" "$fn.next"
	mv -f "$MEDIA_RUN_DIR/$fn.next.sock" "$MEDIA_RUN_DIR/$fn.sock"
	mv -f "$MEDIA_RUN_DIR/$fn.next.pid" "$MEDIA_RUN_DIR/$fn.pid"
	sleep 1
	kill -TERM "$old" 2>/dev/null || true
	for i in $(seq 100); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$old" 2>/dev/null && die "old $fn pool $old did not stop"
	log "deployed $fn (pool $old replaced by $(cat "$MEDIA_RUN_DIR/$fn.pid"))"
}

case ${1:-} in
start) cmd_start ;;
deploy) cmd_deploy "${2:-}" ;;
stop) cmd_stop ;;
run) cmd_run ;;
status) cmd_status ;;
render-nginx) render_nginx "${2:?usage: $0 render-nginx DIR}" ;;
*) echo "usage: $0 start|stop|run|status|deploy FUNCTION|render-nginx DIR" >&2; exit 2 ;;
esac
