# 30-versions-metadata.sh: GET a photo's versions (and pgbench on the same
# SELECT), PUT metadata for users with 500 smart playlists (BR-M007), and
# the metadata query for a user with 10,000 photos among 1,010,000 (issue 3).

if [ "$(bench_psql -tA -c "SELECT count(*) FROM pg_tables WHERE tablename = 'bench_seeded_30'")" = 0 ]; then
	echo "bench: seeding versions and metadata (once)" >&2
	time bench_psql -f "$BENCH_DIR/30-versions-metadata.sql" >&2
fi

bench_wrk "GET /photos/{id}/versions (3 versions)" "$BENCH_DIR/get_versions.lua"
versions_rps=$LAST_RPS
bench_vs_pgbench "GET /photos/{id}/versions" "$versions_rps" "$BENCH_DIR/pgbench_get_versions.sql"

# The latency targets are per request: at 64 connections on a small
# machine every request mostly waits in line (p50 ~ 64 / req/s), so these
# two are also measured at 2 connections (one per wrk thread), where the
# figures are close to service time. The connection count is in the label.
count_events() {
	bench_psql -tA -c "SELECT count(*) FILTER (WHERE event_type = 'media.playlist.updated'),
	    count(*) FILTER (WHERE event_type = 'media.metadata.updated') FROM outbox"
}
before=$(count_events)
bench_wrk "PUT /metadata/{id} (500 smart pl.)" "$BENCH_DIR/put_metadata_smart.lua"
BENCH_CONNS=2 bench_wrk "PUT /metadata/{id} (500 smart pl.) @2 conns" "$BENCH_DIR/put_metadata_smart.lua"
after=$(count_events)
bench_note "PUT /metadata: users ub0..ub99 with 500 smart playlists each, new random labels, scene and quality per PUT; $(awk -F'|' -v b="$before" -v a="$after" 'BEGIN { split(b, x, "|"); split(a, y, "|"); n = y[2] - x[2]; if (n > 0) printf "%.0f", (y[1] - x[1]) / n; else print "n/a" }') smart playlists changed per PUT on average; target p99 < 30 ms"

bench_wrk "POST /metadata/query (10k of 1.01M photos)" "$BENCH_DIR/query_metadata.lua"
BENCH_CONNS=2 bench_wrk "POST /metadata/query @2 conns" "$BENCH_DIR/query_metadata.lua"
bench_note "POST /metadata/query: user uq0 (10,000 photos), 8 criteria mixes, first 100 ids; target p99 < 20 ms"
