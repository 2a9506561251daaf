# 10-playlists.sh: the playlists endpoints, pgbench on the same SELECT, and
# the peak RSS of a playlists worker (foundation, issue 2).

bench_wrk "GET /playlists/{id}" "$BENCH_DIR/get_playlist.lua"
get_rps=$LAST_RPS get_pg_us=$LAST_PG_US
bench_wrk "GET /playlists?user_id=" "$BENCH_DIR/list_playlists.lua"
bench_wrk "POST /playlists (manual, 20 photos)" "$BENCH_DIR/post_manual.lua"
bench_wrk "POST /playlists (smart, population)" "$BENCH_DIR/post_smart.lua"

# The same SELECT through the same pgbouncer at the same concurrency.
bench_vs_pgbench "GET /playlists/{id}" "$get_rps" "$BENCH_DIR/pgbench_get_playlist.sql" 0.60

# What PostgreSQL spends per GET against a plain SELECT * of the same row
# (issue 11: at most 1.5 times), both from /proc over their whole run.
bench_pgbench "pgbench: plain SELECT * of a playlist" "$BENCH_DIR/pgbench_plain_playlist.sql"
bench_note "PostgreSQL CPU per GET /playlists/{id}: $get_pg_us us; per plain SELECT: $LAST_PG_US us; ratio $(awk -v a="$get_pg_us" -v b="$LAST_PG_US" \
    'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }') (target <= 1.5)"

# Peak RSS (VmHWM) of the playlists workers: multiwatch's children.
# RSS counts the shared library pages every worker maps; PSS splits them.
rss=0 pss=0
for pid in $(pgrep -P "$(cat "$MEDIA_RUN_DIR/playlists.pid")"); do
	kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
	if [ "${kb:-0}" -gt "$rss" ]; then rss=$kb; fi
	kb=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
	if [ "${kb:-0}" -gt "$pss" ]; then pss=$kb; fi
done
bench_note "playlists worker peak RSS (VmHWM): $(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }') MB (target < 8 MB); PSS $(awk -v k="$pss" 'BEGIN { printf "%.1f", k / 1024 }') MB"
