# 60-cache-full.sh: the cache folder full (a small tmpfs mounted over the
# stack's MEDIA_CACHE_DIR for this part). Downloads fail cleanly (pending,
# then failed after BR-M010's retries, no file), are retried and succeed
# once space frees; a reader fetching every entry's /cached/ URL all along
# is never served a half-written file.
. "$(dirname "$0")/lib.sh"

N=30
N_FAIL=5
SIZE_MB=${CHAOS_CACHE_MB:-32}
U=chaos_c$RUN
S=$MEDIA_STORAGE_DIR/$U
photos "$U" "${U}_c" $((N + N_FAIL)) 1200 900
for i in $(seq $((N + N_FAIL))); do upload "$U" "${U}_c$i"; done
private_wait "SELECT count(*) FROM photo_metadata WHERE user_id = '$U' AND full_metadata ? 'analyzed_at'" \
    $((N + N_FAIL)) 120 || fig "setup: photos analysed" "$(analysed "$U" "${U}_c")" = $((N + N_FAIL))

if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o "size=${SIZE_MB}m,mode=0755" chaos-cache "$MEDIA_CACHE_DIR"; then
	fig "a tmpfs mounted over the cache folder (needs root)" no = yes
	chaos_done
fi
unmount() { umount "$MEDIA_CACHE_DIR" 2>/dev/null || umount -l "$MEDIA_CACHE_DIR"; }
trap unmount EXIT
chown "$MEDIA_RUN_USER" "$MEDIA_CACHE_DIR"
# fill [FREE_KB]: the disk full but for FREE_KB.
fill() {
	dd if=/dev/zero of="$MEDIA_CACHE_DIR/filler" bs=64k 2>/dev/null || true
	[ -z "${1:-}" ] || truncate -s "-${1}K" "$MEDIA_CACHE_DIR/filler"
}

# The reader: every entry's file URL (also of entries not cached yet: a
# half-written file must never be there), checked whole each time. A file
# may be there a moment before its row says cached (it is renamed into
# place inside the recording transaction): its size is not known yet.
reader() {
	local served=0 bad=0 cid frame q size orig
	while [ ! -e "$PART_DIR/stop" ]; do
		while IFS='|' read -r cid frame q size; do
			[ "$(curl -s -o "$PART_DIR/got" -w '%{http_code}' \
			    "$CHAOS_URL/cached/$U/$frame/$cid.jpg")" = 200 ] || continue
			served=$((served + 1))
			orig=""
			[ "$q" = original ] && orig=$S/${U}_c${frame#f}
			[ "$size" = -1 ] && size=$(stat -c %s "$PART_DIR/got")
			if ! whole "$PART_DIR/got" "$size" "$orig"; then
				bad=$((bad + 1))
				cp "$PART_DIR/got" "$PART_DIR/bad-$bad.jpg"
			fi
		done < <(chaos_sql -c "SELECT cache_id, frame_id, cache_quality, coalesce(cache_size, -1)
		    FROM photo_cache WHERE user_id = '$U'")
	done
	echo "$served $bad" >"$PART_DIR/reader"
}
reader &
reader_pid=$!

# Phase 1: 1 MB free; each photo to its own frame (f<i>, the reader's
# key to the original), half kept as they are, half rendered.
fill 1024
t_full=$(now)
for i in $(seq $N); do
	q=original
	[ $((i % 2)) = 0 ] && q=medium
	cache_request "$U" "f$i" "${U}_c$i" "$q" >/dev/null
done
sleep 3
rm -f "$MEDIA_CACHE_DIR/filler"
t_free=$(now)
private_wait "SELECT count(*) FROM photo_cache WHERE user_id = '$U' AND cache_status IN ('cached', 'failed')" $N 120 || true
retried=$(chaos_sql -c "SELECT count(*) FROM photo_cache WHERE user_id = '$U' AND retry_count > 0 AND cache_status = 'cached'")
failed1=$(chaos_sql -c "SELECT count(*) FROM photo_cache WHERE user_id = '$U' AND cache_status = 'failed'")

# Phase 2: full for good: the downloads fail after their retries, cleanly;
# asked again once space is back, they are cached.
fill
for i in $(seq $((N + 1)) $((N + N_FAIL))); do cache_request "$U" "f$i" "${U}_c$i" original >/dev/null; done
private_wait "SELECT count(*) FROM photo_cache WHERE user_id = '$U' AND cache_status = 'failed'
    AND frame_id IN ($(seq -s, -f "'f%g'" $((N + 1)) $((N + N_FAIL))))" $N_FAIL 60 || true
failed2=$(chaos_sql -c "SELECT count(*) FROM photo_cache WHERE user_id = '$U' AND cache_status = 'failed'
    AND error_message IS NOT NULL AND frame_id IN ($(seq -s, -f "'f%g'" $((N + 1)) $((N + N_FAIL))))")
files2=0
for i in $(seq $((N + 1)) $((N + N_FAIL))); do
	[ -d "$MEDIA_CACHE_DIR/$U/f$i" ] &&
	    files2=$((files2 + $(find "$MEDIA_CACHE_DIR/$U/f$i" -type f | wc -l)))
done
rm -f "$MEDIA_CACHE_DIR/filler"
# Every failed entry asked again (POST /cache replaces a failed entry).
while IFS='|' read -r frame q; do
	cache_request "$U" "$frame" "${U}_c${frame#f}" "$q" >/dev/null
done < <(chaos_sql -c "SELECT frame_id, cache_quality FROM photo_cache WHERE user_id = '$U' AND cache_status = 'failed'")
private_wait "SELECT count(*) FROM photo_cache WHERE user_id = '$U' AND cache_status = 'cached'" $((N + N_FAIL)) 60 || true
touch "$PART_DIR/stop"
wait "$reader_pid"
read -r served bad <"$PART_DIR/reader"

echo "$PART: the cache folder a ${SIZE_MB} MB tmpfs; $N downloads with 1 MB free for 3 s, $N_FAIL with none"
fig "phase 1: downloads cached after a failure and a retry" "$retried" ">=" 1
fig "phase 1: downloads failed (retries used up while full)" "$failed1"
fig "phase 2: downloads failed cleanly on a full disk" "$failed2" = $N_FAIL
fig "  files (or temp files) of them on disk" "$files2" = 0
fig "files served by nginx (reader)" "$served" ">=" 1
fig "  half-written or wrong bytes" "$bad" = 0
fig "failed ones asked again and cached" "$(chaos_sql -c "SELECT count(*) FROM photo_cache
    WHERE user_id = '$U' AND cache_status = 'cached'")" = $((N + N_FAIL))
cache_figures "$U" $((N + N_FAIL))
chaos_done
