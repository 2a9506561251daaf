# 15-baseline.sh: the Python stack this service replaces, measured in the
# same run (issue 11): baseline_app.py (FastAPI + asyncpg on uvicorn with
# uvloop and httptools, two worker processes for the two cores) serving GET
# one playlist from the same tables through the same pgbouncer, and the
# ratio of this service's GET /playlists/{id} to it.

base_port=$(free_port)
BASELINE_DSN="postgresql://$MEDIA_PG_USER@127.0.0.1:$MEDIA_PGBOUNCER_PORT/$MEDIA_PG_DB" \
    /usr/bin/python3 -m uvicorn --app-dir "$BENCH_DIR" baseline_app:app \
    --host 127.0.0.1 --port "$base_port" --workers 2 --loop uvloop --http httptools \
    --no-access-log --log-level warning >"$MEDIA_LOG_DIR/bench-baseline.log" 2>&1 &
base_pid=$!
for _ in $(seq 100); do
	curl -fs -o /dev/null "http://127.0.0.1:$base_port/api/v1/media/playlists/pl_000000000000000000000000?user_id=u0" && break
	sleep 0.1
done

# The service's own figure: from part 10 when it ran, else measured here.
if [ -z "${get_rps:-}" ]; then
	bench_wrk "GET /playlists/{id}" "$BENCH_DIR/get_playlist.lua"
	get_rps=$LAST_RPS
fi
service_url=$BENCH_URL
BENCH_URL="http://127.0.0.1:$base_port"
bench_wrk "baseline: FastAPI GET /playlists/{id}" "$BENCH_DIR/get_playlist.lua"
BENCH_URL=$service_url
kill "$base_pid" 2>/dev/null || true
wait "$base_pid" 2>/dev/null || true
bench_note "GET /playlists/{id} / FastAPI baseline = $(awk -v a="$get_rps" -v b="$LAST_RPS" \
    'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }') (target >= 2.5)"

# The ceiling: nginx -> libfcgi with nothing behind it (tests/tools/
# fcgi-hello.c), one nginx like the stack's (worker_processes auto,
# reuseport, no access log) and one pool of MEDIA_WORKERS responders under
# spawn-fcgi + multiwatch, as tools/stack.sh starts ours.
hello_dir=$MEDIA_VAR_DIR/hello
hello_port=$(free_port)
mkdir -p "$hello_dir/logs"
cat >"$hello_dir/nginx.conf" <<CONF
worker_processes auto;
pid $hello_dir/nginx.pid;
error_log $hello_dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$hello_port reuseport backlog=4096;
        location / { fastcgi_pass unix:$hello_dir/hello.sock; }
    }
}
CONF
rm -f "$hello_dir/hello.sock"
setsid spawn-fcgi -n -s "$hello_dir/hello.sock" -M 0666 -- \
    /usr/bin/multiwatch -f "$MEDIA_WORKERS" -- "$ROOT/build/release/tools/fcgi-hello" \
    >"$hello_dir/pool.log" 2>&1 </dev/null &
hello_pool=$!
nginx -p "$hello_dir" -c "$hello_dir/nginx.conf" -g 'daemon off;' >"$hello_dir/nginx.log" 2>&1 &
hello_nginx=$!
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$hello_port/" && break; sleep 0.1; done
BENCH_URL="http://127.0.0.1:$hello_port"
bench_wrk "ceiling: nginx -> libfcgi hello" "$BENCH_DIR/plain.lua"
BENCH_URL=$service_url
kill "$hello_nginx" 2>/dev/null || true
kill -- "-$hello_pool" 2>/dev/null || kill "$hello_pool" 2>/dev/null || true
wait "$hello_nginx" "$hello_pool" 2>/dev/null || true
bench_note "GET /playlists/{id} / nginx -> libfcgi hello ceiling = $(awk -v a="$get_rps" -v b="$LAST_RPS" \
    'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
