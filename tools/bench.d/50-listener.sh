# 50-listener.sh: the event listener (issue 5 item 7), sourced by bench.sh.
#   - uploads end to end without the AI service: file.uploaded in ->
#     media.metadata.updated out, for 12-megapixel JPEGs; the analysis time of
#     one photo (fetch + EXIF + metrics + store) as p50/p95;
#   - 1,000 queued cache downloads from the local storage folder;
#   - the listener's RSS afterwards.
# Rows: label, per second, p50 ms, p95 ms (in the p99 column: say so), errors.

LB_TOOLS=$ROOT/build/release/tools
LB_USER=bench_listener_$$
LB_UPLOADS=${BENCH_UPLOADS:-60}
LB_DOWNLOADS=${BENCH_DOWNLOADS:-1000}
LB_STORE=$MEDIA_STORAGE_DIR/$LB_USER
mkdir -p "$LB_STORE"
lb_sql() { bench_psql -tA "$@"; }


echo "bench: listener uploads ($LB_UPLOADS x 12 MP)" >&2
"$LB_TOOLS/mkjpeg" "$LB_STORE/template" 4000 3000 sharp 128 60 make=Bench model=TwelveMP \
    focal=35 fnumber=4 exposure=1/250 iso=200 lat=45.5 lon=-73.6 taken="2025:01:02 03:04:05"
for i in $(seq "$LB_UPLOADS"); do cp "$LB_STORE/template" "$LB_STORE/${LB_USER}_u$i"; done
lb_t0=$(date +%s.%N)
for i in $(seq "$LB_UPLOADS"); do
	"$LB_TOOLS/natsctl" pub file.uploaded \
	    "{\"event_type\":\"file.uploaded\",\"file_id\":\"${LB_USER}_u$i\",\"user_id\":\"$LB_USER\"}" >/dev/null
done
if bench_wait "SELECT count(*) FROM outbox WHERE event_type = 'media.metadata.updated'
    AND aggregate_id LIKE '${LB_USER}_u%' AND published_at IS NOT NULL" "$LB_UPLOADS" 300; then
	lb_t1=$(lb_sql -c "SELECT extract(epoch FROM max(published_at)) FROM outbox
	    WHERE event_type = 'media.metadata.updated' AND aggregate_id LIKE '${LB_USER}_u%'")
	read -r lb_p50 lb_p95 lb_err <<<"$(lb_sql -F ' ' -c "SELECT
	    round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at))::numeric, 1),
	    round(1000 * percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at))::numeric, 1),
	    count(*) FILTER (WHERE full_metadata ? 'analysis_error')
	    FROM photo_metadata WHERE user_id = '$LB_USER'")"
	bench_row "listener: uploads 12 MP, event -> published" \
	    "$(awk -v n="$LB_UPLOADS" -v a="$lb_t0" -v b="$lb_t1" 'BEGIN { printf "%.1f", n / (b - a) }')" \
	    "$lb_p50" "$lb_p95" "$lb_err" "per s; p50/p95 = analysis of one photo"
else
	bench_row "listener: uploads 12 MP, event -> published" - - - "$LB_UPLOADS" "timed out"
fi

echo "bench: listener cache downloads ($LB_DOWNLOADS queued)" >&2
"$LB_TOOLS/mkjpeg" "$LB_STORE/small" 1920 1280 sharp 128 60
for i in $(seq "$LB_DOWNLOADS"); do cp "$LB_STORE/small" "$LB_STORE/${LB_USER}_d$i"; done
lb_sql -c "WITH c AS (INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status)
    SELECT '${LB_USER}_c' || g, '$LB_USER', 'bench_frame_' || (g % 10), '${LB_USER}_d' || g, 'pending'
    FROM generate_series(1, $LB_DOWNLOADS) g RETURNING cache_id)
    INSERT INTO cache_jobs (cache_id) SELECT cache_id FROM c" >/dev/null
if bench_wait "SELECT count(*) FROM photo_cache WHERE user_id = '$LB_USER' AND cache_status IN ('cached', 'failed')" \
    "$LB_DOWNLOADS" 300; then
	read -r lb_secs lb_failed <<<"$(lb_sql -F ' ' -c "SELECT
	    round(extract(epoch FROM max(updated_at) - min(created_at))::numeric, 2),
	    count(*) FILTER (WHERE cache_status = 'failed')
	    FROM photo_cache WHERE user_id = '$LB_USER'")"
	bench_row "listener: $LB_DOWNLOADS cache downloads (1920x1280)" \
	    "$(awk -v n="$LB_DOWNLOADS" -v s="$lb_secs" 'BEGIN { printf "%.0f", n / s }')" - - \
	    "$lb_failed" "per s; all done in ${lb_secs} s"
else
	bench_row "listener: $LB_DOWNLOADS cache downloads" - - - "$LB_DOWNLOADS" "timed out"
fi

lb_pid=$(cat "$MEDIA_RUN_DIR/listener.pid" 2>/dev/null || true)
if [ -n "$lb_pid" ] && [ -r "/proc/$lb_pid/status" ]; then
	bench_note "listener RSS after the listener parts: $(awk '/^VmRSS/ { printf "%.1f MB", $2 / 1024 }' \
	    "/proc/$lb_pid/status") (peak $(awk '/^VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$lb_pid/status"))"
fi
# The bench data set is kept between runs: drop this run's rows and files.
lb_sql -c "DELETE FROM photo_cache WHERE user_id = '$LB_USER';
    DELETE FROM photo_versions WHERE user_id = '$LB_USER';
    DELETE FROM photo_metadata WHERE user_id = '$LB_USER'" >/dev/null
rm -rf "$LB_STORE" "${MEDIA_CACHE_DIR:?}/$LB_USER"
