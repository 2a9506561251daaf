# 40-schedules.sh: the schedules and cache part of `make bench` (issue 4):
# a frame's schedule lookup and its photo poll among 10,000 frames (100-photo
# playlists, half cached), and nginx serving a 200 KB cached file next to
# its own static ceiling (the same file from the plain /storage/ location).
# After 30-versions-metadata: its versions are the current ones of f0..f99999.

if [ "$(bench_psql -tA -c "SELECT count(*) FROM pg_tables WHERE tablename = 'bench_seeded_schedules'")" = 0 ]; then
	echo "bench: seeding schedules and cache (once; kept in $MEDIA_VAR_DIR)" >&2
	bench_psql -v public_url="$MEDIA_PUBLIC_URL" -v cache_dir="$MEDIA_CACHE_DIR" \
	    -f "$BENCH_DIR/40-schedules-seed.sql" >&2
fi

bench_wrk "GET /schedules/frame/{id}" "$BENCH_DIR/get_frame_schedule.lua"
# A frame's first poll computes its manifest (sql/functions/75_manifests.sql); later polls reuse it
# until something it depends on changes (at most 5 minutes).
bench_wrk "GET /schedules/{id}/photos, 10,000 frames" "$BENCH_DIR/get_schedule_photos.lua"
bench_wrk "  1,000 frames polling (200, kept manifest)" "$BENCH_DIR/get_schedule_photos_1000.lua"
bench_wrk "  1,000 frames polling, If-None-Match (304)" "$BENCH_DIR/get_schedule_photos_304.lua"

# The same 200 KB of bytes as a cache file and as a plain static file,
# measured in turns (cached, static, cached, static) so that a neighbour's
# load on a shared machine falls on both.
bench_cached="$MEDIA_CACHE_DIR/u0/fr0/cache_$(printf '%024x' 0).jpg"
bench_static="$MEDIA_STORAGE_DIR/bench-static-200k.jpg"
mkdir -p "$(dirname "$bench_cached")"
head -c 204800 /dev/urandom >"$bench_cached"
cp "$bench_cached" "$bench_static"
if [ "$(id -u)" = 0 ]; then
	chown -R "$MEDIA_RUN_USER" "$MEDIA_CACHE_DIR/u0"
	chmod 644 "$bench_static"
fi
cached_rps=0 static_rps=0
for turn in 1 2; do
	bench_wrk "nginx /cached/ 200 KB file ($turn)" "$BENCH_DIR/plain.lua" "/cached/u0/fr0/${bench_cached##*/}"
	cached_rps=$((cached_rps + LAST_RPS))
	bench_wrk "nginx static ceiling, 200 KB /storage/ ($turn)" "$BENCH_DIR/plain.lua" "/storage/${bench_static##*/}"
	static_rps=$((static_rps + LAST_RPS))
done
bench_note "nginx /cached/ / static ceiling = $(awk -v a="$cached_rps" -v b="$static_rps" \
    'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }') (target >= 0.90; both turns summed)"
