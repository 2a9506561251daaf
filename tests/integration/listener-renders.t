#!/usr/bin/env bash
# listener-renders.t: what a frame gets (issue 9 §5, §6): schedule downloads
# rendered for the frame's display profile (contain, cover, none), upright
# with no orientation tag left, width/height on the entry and in the
# manifest, a profile change re-rendered in place; POST /cache qualities
# as JPEGs, originals kept or made JPEG; bad files failed at once.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

own_listeners_init
mkdir -p "$S"

# This test's listener (a 1 MB download cap) replaces the stack's.
stack_listener_stop
double_start "$PORT" "$D"
own_listener_start renders MEDIA_STORAGE_MAX_BYTES=1048576 \
    MEDIA_STORAGE_ALLOWED_HOSTS="127.0.0.1:$MEDIA_HTTP_PORT,127.0.0.1:$PORT"

size_of() { echo "$(vipsheader -f width "$1")x$(vipsheader -f height "$1")"; }
# The file holds no EXIF block (so no orientation tag a viewer would apply).
no_exif() { [ -f "$1" ] && ! LC_ALL=C grep -qa 'Exif' "$1" && echo 1; }
entry() { sql "SELECT $3 FROM photo_cache WHERE user_id = :'v1' AND frame_id = :'v2' AND photo_id = :'v3'" "$U" "$1" "$2"; }
wait_cached() {
	wait_sql cached "SELECT cache_status FROM photo_cache WHERE user_id = :'v1' AND frame_id = :'v2' AND photo_id = :'v3'" \
	    "$U" "$1" "$2" >/dev/null
}
file_of() { entry "$1" "$2" local_path; }

# A landscape photo, and a phone's portrait one: stored landscape with
# EXIF orientation 6 (or 8), shown upright only if the tag is applied.
mkjpeg "$S/${U}_land" 1600 1200 sharp 128 60
mkjpeg "$S/${U}_por6" 1600 1200 smooth 128 60 orientation=6
mkjpeg "$S/${U}_por8" 1600 1200 smooth 128 60 orientation=8
api POST "/playlists?user_id=$U" "{\"name\":\"r\",\"photo_ids\":[\"${U}_land\",\"${U}_por6\",\"${U}_por8\"]}"
PL=$(jq -r .playlist_id <<<"$BODY")

# contain: the whole photo inside 800x600.
api PUT "/frames/fc?user_id=$U" '{"display_width":800,"display_height":600,"fit":"contain"}'
status_is 200 "a frame profile 800x600 contain"
api POST "/schedules?user_id=$U" "{\"frame_id\":\"fc\",\"playlist_id\":\"$PL\"}"
SC=$(jq -r .schedule_id <<<"$BODY")
for p in land por6 por8; do wait_cached fc "${U}_$p"; done
is "$(entry fc "${U}_land" "cache_status || ' ' || cache_quality")" "cached display" \
    "a schedule's download is a display render"
is "$(size_of "$(file_of fc "${U}_land")")" 800x600 "contain: 1600x1200 fits 800x600"
is "$(size_of "$(file_of fc "${U}_por6")")" 450x600 "a portrait phone photo (orientation 6) arrives upright: 450x600"
is "$(size_of "$(file_of fc "${U}_por8")")" 450x600 "and one with orientation 8 too"
ok "$(no_exif "$(file_of fc "${U}_por6")")" "with no orientation tag left to apply"
is "$(entry fc "${U}_por6" "width || 'x' || height || ' ' || cache_format")" "450x600 jpg" \
    "the entry's width and height are the file's"
api GET "/cache/$(entry fc "${U}_por6" cache_id)?user_id=$U"
jq_is '"\(.width)x\(.height)"' 450x600 "GET /cache/{id} shows width and height"
api GET "/schedules/$SC/photos?user_id=$U"
jq_is '[.photos[] | "\(.width)x\(.height)"] | join(",")' "800x600,450x600,450x600" \
    "the manifest's photos carry the size the frame gets"
jq_is '[.photos[] | .cached] | all' true "and are all cached"
ETAG1=$(header ETag)
URL1=$(jq -r '.photos[0].url' <<<"$BODY")

# cover: fills 800x600, cropped.
api PUT "/frames/fv?user_id=$U" '{"display_width":800,"display_height":600,"fit":"cover"}'
api POST "/schedules?user_id=$U" "{\"frame_id\":\"fv\",\"playlist_id\":\"$PL\"}"
for p in land por6; do wait_cached fv "${U}_$p"; done
is "$(size_of "$(file_of fv "${U}_land")")" 800x600 "cover: a landscape photo fills 800x600"
is "$(size_of "$(file_of fv "${U}_por6")")" 800x600 "cover: a portrait one is cropped to fill it"

# No profile: 1920x1080 contain, never upscaled.
api POST "/schedules?user_id=$U" "{\"frame_id\":\"fn\",\"playlist_id\":\"$PL\"}"
for p in land por6; do wait_cached fn "${U}_$p"; done
is "$(size_of "$(file_of fn "${U}_land")")" 1440x1080 "no profile: 1920x1080 contain (1440x1080)"
is "$(size_of "$(file_of fn "${U}_por6")")" 810x1080 "and the portrait photo 810x1080"

# A profile change re-renders in place; the manifest follows.
OLD=$(file_of fc "${U}_land")
api PUT "/frames/fc?user_id=$U" '{"display_width":400,"display_height":300}'
status_is 200 "the frame's size changes to 400x300"
is "$(wait_sql 400 "SELECT width FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'fc' AND photo_id = :'v2'" "$U" "${U}_land")" 400 \
    "its render is made again for the new size"
wait_sql 0 "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'fc' AND width > 400" "$U" >/dev/null
is "$(size_of "$(file_of fc "${U}_por6")")" 225x300 "every render of the frame (portrait: 225x300)"
is "$(sql "SELECT count(*) FROM cache_jobs j JOIN photo_cache c USING (cache_id) WHERE c.user_id = :'v1' AND c.frame_id = 'fc'" "$U")" 0 \
    "and no job is left"
is "$(file_of fc "${U}_land")" "$OLD" "the entry keeps its file name"
is "$(ls -A "$MEDIA_CACHE_DIR/$U/fc" | grep -c '^\.')" 0 "no temp file is left behind"
api GET "/schedules/$SC/photos?user_id=$U" "" -H "If-None-Match: $ETAG1"
status_is 200 "the manifest changed with the renders"
jq_is '.photos[0] | "\(.width)x\(.height)"' 400x300 "and shows the new size"
ok "$([ "$(jq -r '.photos[0].url' <<<"$BODY")" != "$URL1" ] && echo 1)" \
    "under a new URL, so no browser shows the old render"
is "$(curl -s -o /dev/null -w '%{http_code}' "$(jq -r '.photos[0].url' <<<"$BODY")")" 200 \
    "nginx serves the new render at that URL"

# POST /cache: qualities are JPEG renders; originals keep browser formats.
vips copy "$S/${U}_land" "$D/png.png" && cp "$D/png.png" "$S/${U}_png"
vips copy "$S/${U}_land" "$D/heic.heic" && cp "$D/heic.heic" "$S/${U}_heic"
mkjpeg "$S/${U}_big" 3200 2400 smooth 128 60
cache() { api POST "/cache?user_id=$U" "{\"frame_id\":\"$1\",\"photo_id\":\"$2\",\"cache_quality\":\"$3\"}"; }
cache fq "${U}_png" low; wait_cached fq "${U}_png"
is "$(entry fq "${U}_png" "cache_format || ' ' || width || 'x' || height")" "jpg 1280x960" \
    "a PNG at low is a 1280x960 JPEG"
cache fo "${U}_png" original; wait_cached fo "${U}_png"
ok "$(cmp -s "$(file_of fo "${U}_png")" "$S/${U}_png" && echo 1)" "a PNG at original keeps its bytes"
cache fo "${U}_heic" original; wait_cached fo "${U}_heic"
is "$(entry fo "${U}_heic" "cache_format || ' ' || width || 'x' || height")" "jpg 1600x1200" \
    "a HEIC at original is a full-size JPEG (no frame decodes HEIC)"
cache fm "${U}_big" medium; wait_cached fm "${U}_big"
is "$(size_of "$(file_of fm "${U}_big")")" 1920x1440 "medium bounds the long side to 1920"
cache fm "${U}_land" high; wait_cached fm "${U}_land"
is "$(size_of "$(file_of fm "${U}_land")")" 1600x1200 "high never upscales a smaller photo"

# Bad files: failed at once (no retries), with the reason.
: >"$S/${U}_empty"
echo "not an image at all" >"$S/${U}_text"
head -c 3000 "$S/${U}_land" >"$S/${U}_trunc"
python3 "$MEDIA_ROOT/tests/tools/jpeg-claim-size.py" "$S/${U}_land" "$S/${U}_huge" 20000 20000
bad() {
	local photo=$1 want=$2 desc=$3
	is "$(wait_sql failed "SELECT cache_status FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'fb' AND photo_id = :'v2'" "$U" "$photo")" \
	    failed "$desc: the download fails"
	is "$(entry fb "$photo" "retry_count")" 0 "$desc: at once, with no retries"
	ok "$(entry fb "$photo" error_message | grep -i "$want")" "$desc: error_message says why ($want)"
}
for p in empty text trunc huge; do cache fb "${U}_$p" medium; done
bad "${U}_empty" "empty" "a 0-byte file"
bad "${U}_text" "not an image" "a file that is not an image"
bad "${U}_trunc" "truncated" "a truncated JPEG"
bad "${U}_huge" "too large" "a JPEG whose header claims 20000x20000"
mkjpeg "$S/${U}_fat" 3000 2000 sharp 128 60	# over 1 MB, with a Content-Length
cache fb "${U}_fat" original
bad "${U}_fat" "larger than" "a file whose Content-Length is over MEDIA_STORAGE_MAX_BYTES"
ok "$(! ls -A "$MEDIA_CACHE_DIR/$U/fb" 2>/dev/null | grep -q . && echo 1)" "and no file of them is left"
ok "$(kill -0 "${LISTENER_PID[renders]}" 2>/dev/null && echo 1)" "the listener is still running"

# A storage that answers chunked (no Content-Length), 3 MB: the cap counts.
own_listener_stop renders
own_listener_start chunk MEDIA_STORAGE_MAX_BYTES=1048576 MEDIA_STORAGE_ALLOWED_HOSTS="127.0.0.1:$PORT" \
    MEDIA_STORAGE_URL_TEMPLATE="$DBL/chunked/3000000/{user_id}/{file_id}"
cache fb "${U}_chunk" original
bad "${U}_chunk" "larger than" "a chunked answer over MEDIA_STORAGE_MAX_BYTES"
own_listener_stop chunk

done_testing
