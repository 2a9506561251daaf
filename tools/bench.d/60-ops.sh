# 60-ops.sh: the cost of a /metrics scrape, and GET /playlists/{id} while
# `tools/stack.sh deploy playlists` swaps its pool mid-run (issue 6): the
# errors column is the requests the deploy dropped.

bench_wrk "GET /metrics (scrape)" "$BENCH_DIR/metrics.lua"
( sleep $((BENCH_SECONDS / 3)); "$ROOT/tools/stack.sh" deploy playlists >/dev/null 2>&1 ) &
deploy_pid=$!
bench_wrk "GET /playlists/{id} during a deploy" "$BENCH_DIR/get_playlist.lua"
wait "$deploy_pid" && bench_note "deploy of playlists during the run: done (pool $(cat "$MEDIA_RUN_DIR/playlists.pid"))" ||
    bench_note "deploy of playlists during the run: FAILED"
