# 55-images.sh: frame-perfect photos (issue 9), sourced by bench.sh.
#   - 12 MP HEIC uploads: the analysis of one photo, p50/p95 (the 12 MP
#     JPEG row is 50-listener's);
#   - 1,000 schedule-queued downloads + renders of 12 MP JPEGs for
#     1920x1080 frames: the time for all, each render's p50/p95 (from the
#     listener's log), the listener's renders per second beside
#     vipsthumbnail's over the same files in the same run, the mean bytes a
#     frame gets per photo beside the originals';
#   - the listener's peak RSS after that, and after a round of bad files.
# Rows: label, per second, p50 ms, p95 ms (in the p99 column: say so), errors.

IM_TOOLS=$ROOT/build/release/tools
IM_USER=bench_images_$$
IM_HEIC=${BENCH_HEIC:-20}
IM_FRAMES=10
IM_PER_FRAME=${BENCH_RENDERS_PER_FRAME:-100}
IM_N=$((IM_FRAMES * IM_PER_FRAME))
IM_STORE=$MEDIA_STORAGE_DIR/$IM_USER
IM_LOG=$MEDIA_LOG_DIR/listener.log
mkdir -p "$IM_STORE"
im_sql() { bench_psql -tA "$@"; }
im_api() { curl -s -o /dev/null -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' \
    --data-binary "$3" "$BENCH_URL/api/v1/media$2"; }
# The listener's peak RSS since im_rss_reset (Linux: clear_refs 5 resets
# VmHWM), so each phase reports its own peak.
im_pid() { cat "$MEDIA_RUN_DIR/listener.pid" 2>/dev/null; }
im_rss_reset() { echo 5 >"/proc/$(im_pid)/clear_refs" 2>/dev/null || true; }
im_rss() { awk '/^VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$(im_pid)/status" 2>/dev/null; }

# A 12 MP photo as a phone takes it (EXIF, orientation 6), its HEIC made
# once by libvips; and for the renders one with a photo's texture (blurred
# colour noise, about 5 MB as a JPEG of quality 90): a checkerboard would
# shrink to a flat grey of a few KB and say nothing of the bytes a frame
# gets.
"$IM_TOOLS/mkjpeg" "$IM_STORE/template.jpg" 4000 3000 sharp 128 60 make=Bench orientation=6 \
    taken="2025:01:02 03:04:05"
vips copy "$IM_STORE/template.jpg" "$IM_STORE/template.heic[Q=50]"
for b in r:128 g:110 b:90; do
	vips gaussnoise "$IM_STORE/${b%%:*}.v" 4000 3000 --sigma 50 --mean "${b#*:}"
done
vips bandjoin "$IM_STORE/r.v $IM_STORE/g.v $IM_STORE/b.v" "$IM_STORE/rgb.v"
vips gaussblur "$IM_STORE/rgb.v" "$IM_STORE/blur.v" 1.2
vips cast "$IM_STORE/blur.v" "$IM_STORE/photo.v" uchar
vips copy "$IM_STORE/photo.v" "$IM_STORE/photo.jpg[Q=90]"
rm -f "$IM_STORE"/*.v

echo "bench: $IM_N schedule renders (12 MP JPEG -> 1920x1080)" >&2
im_files=()
for i in $(seq "$IM_N"); do
	ln -f "$IM_STORE/photo.jpg" "$IM_STORE/${IM_USER}_r$i"
	im_files+=("$IM_STORE/${IM_USER}_r$i")
done
im_log_from=$(wc -l <"$IM_LOG")
im_rss_reset
im_t0=$(date +%s.%N)
for f in $(seq "$IM_FRAMES"); do
	ids=$(seq $(((f - 1) * IM_PER_FRAME + 1)) $((f * IM_PER_FRAME)) |
	    awk -v u="$IM_USER" '{ printf "%s\"%s_r%d\"", (NR > 1 ? "," : ""), u, $1 }')
	im_api PUT "/frames/frame$f?user_id=$IM_USER" '{"display_width":1920,"display_height":1080}' >/dev/null
	pl=$(curl -s -X POST -H 'Content-Type: application/json' \
	    --data-binary "{\"name\":\"bench $f\",\"photo_ids\":[$ids]}" \
	    "$BENCH_URL/api/v1/media/playlists?user_id=$IM_USER" | jq -r .playlist_id)
	im_api POST "/schedules?user_id=$IM_USER" "{\"frame_id\":\"frame$f\",\"playlist_id\":\"$pl\"}" >/dev/null
done
if bench_wait "SELECT count(*) FROM photo_cache WHERE user_id = '$IM_USER' AND cache_status IN ('cached', 'failed')" \
    "$IM_N" 600; then
	im_t1=$(date +%s.%N)
	read -r im_failed im_bytes <<<"$(im_sql -F ' ' -c "SELECT count(*) FILTER (WHERE cache_status = 'failed'),
	    round(avg(cache_size)) FROM photo_cache WHERE user_id = '$IM_USER'")"
	im_secs=$(awk -v a="$im_t0" -v b="$im_t1" 'BEGIN { printf "%.1f", b - a }')
	read -r im_r50 im_r95 <<<"$(tail -n +"$((im_log_from + 1))" "$IM_LOG" | grep -o 'render [0-9]* ms' |
	    awk '{ print $2 }' | sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "%d %d", a[int(NR * 0.5) + (NR % 2)], a[int(NR * 0.95 + 0.999)] }')"
	im_rate=$(awk -v n="$IM_N" -v s="$im_secs" 'BEGIN { printf "%.1f", n / s }')
	bench_row "listener: $IM_N schedule renders 12 MP->1920x1080" "$im_rate" "${im_r50:--}" "${im_r95:--}" \
	    "$im_failed" "per s; all in ${im_secs} s (target <= 30 s); p50/p95 = one render (target p95 <= 120 ms)"
	# vipsthumbnail: one process over a share of the same files.
	im_vt_n=$((IM_N < 200 ? IM_N : 200))
	mkdir -p "$MEDIA_VAR_DIR/vt"
	im_vt0=$(date +%s.%N)
	vipsthumbnail -s 1920x1080 -o "$MEDIA_VAR_DIR/vt/%s.jpg[Q=85,strip]" "${im_files[@]:0:$im_vt_n}"
	im_vt1=$(date +%s.%N)
	im_vt_rate=$(awk -v n="$im_vt_n" -v a="$im_vt0" -v b="$im_vt1" 'BEGIN { printf "%.1f", n / (b - a) }')
	bench_row "vipsthumbnail over $im_vt_n of the same files" "$im_vt_rate" - - 0 "per s, one process"
	bench_note "renders: listener $im_rate/s (download + render + record) / vipsthumbnail $im_vt_rate/s = $(awk \
	    -v a="$im_rate" -v b="$im_vt_rate" 'BEGIN { printf "%.2f", a / b }') (target >= 1.0)"
	bench_note "bytes a frame gets per photo: $(awk -v b="$im_bytes" 'BEGIN { printf "%.0f KB", b / 1024 }') (display render) beside $(stat -c %s "$IM_STORE/photo.jpg" | awk '{ printf "%.0f KB", $1 / 1024 }') (the original)"
	rm -rf "$MEDIA_VAR_DIR/vt"
else
	bench_row "listener: $IM_N schedule renders" - - - "$IM_N" "timed out"
fi
bench_note "listener peak RSS during the renders: $(im_rss) (target <= 128 MB)"
im_rss_reset
echo "bench: HEIC uploads ($IM_HEIC x 12 MP)" >&2
for i in $(seq "$IM_HEIC"); do ln -f "$IM_STORE/template.heic" "$IM_STORE/${IM_USER}_h$i"; done
for i in $(seq "$IM_HEIC"); do
	"$IM_TOOLS/natsctl" pub file.uploaded \
	    "{\"event_type\":\"file.uploaded\",\"file_id\":\"${IM_USER}_h$i\",\"user_id\":\"$IM_USER\"}" >/dev/null
done
if bench_wait "SELECT count(*) FROM photo_metadata WHERE user_id = '$IM_USER' AND full_metadata ? 'analyzed_at'" \
    "$IM_HEIC" 600; then
	read -r im_p50 im_p95 im_err <<<"$(im_sql -F ' ' -c "SELECT
	    round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at))::numeric, 1),
	    round(1000 * percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at))::numeric, 1),
	    count(*) FILTER (WHERE full_metadata ? 'analysis_error')
	    FROM photo_metadata WHERE user_id = '$IM_USER'")"
	bench_row "listener: uploads 12 MP HEIC" - "$im_p50" "$im_p95" "$im_err" \
	    "p50/p95 = analysis of one photo (target p95 <= 700 ms)"
else
	bench_row "listener: uploads 12 MP HEIC" - - - "$IM_HEIC" "timed out"
fi

bench_note "listener peak RSS during the HEIC uploads: $(im_rss)"

im_rss_reset

echo "bench: bad files" >&2
: >"$IM_STORE/${IM_USER}_bad_empty"
head -c 500000 "$IM_STORE/template.jpg" >"$IM_STORE/${IM_USER}_bad_trunc"
python3 "$ROOT/tests/tools/jpeg-claim-size.py" "$IM_STORE/template.jpg" "$IM_STORE/${IM_USER}_bad_huge" 65500 65500 600
head -c 2000000 /dev/urandom >"$IM_STORE/${IM_USER}_bad_noise"
im_bad=0
for kind in empty trunc huge noise; do
	for k in $(seq 5); do
		im_api POST "/cache?user_id=$IM_USER" \
		    "{\"frame_id\":\"bad$k\",\"photo_id\":\"${IM_USER}_bad_$kind\",\"cache_quality\":\"medium\"}" >/dev/null
		"$IM_TOOLS/natsctl" pub file.uploaded \
		    "{\"event_type\":\"file.uploaded\",\"file_id\":\"${IM_USER}_bad_$kind\",\"user_id\":\"$IM_USER\"}" >/dev/null
		im_bad=$((im_bad + 1))
	done
done
bench_wait "SELECT count(*) FROM photo_cache WHERE user_id = '$IM_USER' AND frame_id LIKE 'bad%' AND cache_status = 'failed'" \
    "$im_bad" 120 || true
bench_note "listener peak RSS during $im_bad bad files: $(im_rss) (target <= 160 MB)"

im_sql -c "DELETE FROM rotation_schedules WHERE user_id = '$IM_USER';
    DELETE FROM playlists WHERE user_id = '$IM_USER';
    DELETE FROM frames WHERE user_id = '$IM_USER';
    DELETE FROM photo_cache WHERE user_id = '$IM_USER';
    DELETE FROM photo_versions WHERE user_id = '$IM_USER';
    DELETE FROM photo_metadata WHERE user_id = '$IM_USER'" >/dev/null
rm -rf "$IM_STORE" "${MEDIA_CACHE_DIR:?}/$IM_USER"
