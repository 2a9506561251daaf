# 70-memories.sh: the calendar criteria (issue 13): an on_this_day query
# for a user with 100,000 photos, GET of that user's memories playlist
# (computed at the read), and the day change for 10,000 memories playlists.

if [ "$(bench_psql -tA -c "SELECT count(*) FROM pg_tables WHERE tablename = 'bench_seeded_70'")" = 0 ]; then
	echo "bench: seeding memories (once)" >&2
	time bench_psql -f "$BENCH_DIR/70-memories.sql" >&2
fi

# The listener's chore brings a zone it has not seen to today first (the
# 10,000 Asia/Tokyo playlists, seconds of a core): let it finish before any
# timing (it also holds the advisory lock the day change rows take).
bench_wait "SELECT count(*) FROM media_zone_days WHERE timezone = 'Asia/Tokyo'" 1 300 || true

bench_wrk "POST /metadata/query on_this_day (100k photos)" "$BENCH_DIR/query_memories.lua"
BENCH_CONNS=2 bench_wrk "POST /metadata/query on_this_day @2 conns" "$BENCH_DIR/query_memories.lua"
bench_note "on_this_day query: user um0 (100,000 photos, ~270 a calendar day), 5 mixes (zones, window 3, years_ago); target p99 < 20 ms at 2 conns"
BENCH_CONNS=2 bench_wrk "GET /playlists/{id} memories (100k) @2 conns" "$BENCH_DIR/get_memories_playlist.lua"

# The day change the listener runs at local midnight (media_day_changes,
# sql/functions/30_playlists.sql), for the 10,000 Asia/Tokyo playlists: two days in turn, so the
# membership really changes (each of those users has a photo on about a
# quarter of the calendar days).
day_change() {
	local t0 t1 n
	t0=$(date +%s.%N)
	n=$(bench_psql -tA -c "SET statement_timeout = 0" \
	    -c "SELECT n_changed FROM media_day_changes('Asia/Tokyo', '$1')")
	t1=$(date +%s.%N)
	bench_row "day change, 10,000 memories playlists ($1)" "" "" "" "" \
	    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f s", b - a }'), $n changed; target < 60 s"
}
day_change 2026-06-01
day_change 2026-06-02
bench_settle
