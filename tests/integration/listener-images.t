#!/usr/bin/env bash
# listener-images.t: the libvips image core (issue 9): every format a phone
# or an editor makes is analysed (size as displayed, metrics, EXIF,
# full_metadata.format); portrait photos are found as portrait and reach a
# frame upright; bad files are an analysis_error and never a crash; an
# invalid EXIF date costs nothing but itself. Fixtures are made here with
# the vips command and tests/tools/mkjpeg.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

U=$(new_user)
S=$MEDIA_STORAGE_DIR/$U
T=$TAP_TMP
mkdir -p "$S"
up() { publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"$1\",\"user_id\":\"$U\"}"; }
q() { sql "SELECT $2 FROM photo_metadata WHERE file_id = :'v1'" "$1"; }
analysed() { wait_sql t "SELECT full_metadata ? 'analyzed_at' FROM photo_metadata WHERE file_id = :'v1'" "$1" >/dev/null; }
# near FILE_ID COLUMN VALUE EPS: the column is within EPS of VALUE.
near() { q "$1" "abs($2 - $3) <= $4"; }

# One photo in every format, converted by libvips from the same JPEG.
mkjpeg "$T/base.jpg" 400 300 sharp 128 60 make=Canon model="EOS R5" taken="2024:07:14 10:30:00"
for ext in jpg png webp heic avif tif gif; do
	[ "$ext" = jpg ] || vips copy "$T/base.jpg" "$T/base.$ext" 2>/dev/null
	cp "$T/base.$ext" "$S/${U}_$ext"
	up "${U}_$ext"
done
for ext in jpg png webp heic avif tif gif; do analysed "${U}_$ext"; done
B=$(q "${U}_jpg" brightness)
C=$(q "${U}_jpg" contrast)
for pair in jpg:jpeg png:png webp:webp heic:heif avif:heif tif:tiff gif:gif; do
	ext=${pair%%:*} fmt=${pair#*:}
	is "$(q "${U}_$ext" "full_metadata->>'format' || '|' || width || 'x' || height || '|' || coalesce(full_metadata->>'analysis_error', 'ok')")" \
	    "$fmt|400x300|ok" "a .$ext photo is analysed: format $fmt, its size, no error"
	is "$(q "${U}_$ext" "quality_score IS NOT NULL AND blur_score < 0.1 AND abs(brightness - $B) < 0.02 AND abs(contrast - $C) < 0.03")" t \
	    "the .$ext photo has the metrics of the JPEG it was made from"
done
for ext in png tif gif; do
	is "$(q "${U}_$ext" "abs(brightness - $B) <= 0.001 AND abs(contrast - $C) <= 0.001")" t \
	    "a lossless .$ext copy measures as the JPEG's pixels"
done
for ext in png webp heic avif; do
	is "$(q "${U}_$ext" "camera_make || '|' || camera_model || '|' || media_ts(photo_taken_at)")" \
	    "Canon|EOS R5|2024-07-14T10:30:00Z" "the EXIF block of a .$ext photo is read"
done

# An animated GIF is its first frame: black here, then a white one.
python3 - "$S/${U}_anim" <<-'PY'
	import struct, sys
	def lzw(pixels):
	    # 3-bit codes only: a clear code (4) before every pair of pixels
	    # keeps the code table, and so the code width, from growing.
	    codes = []
	    for i in range(0, len(pixels), 2):
	        codes += [4] + pixels[i:i + 2]
	    codes.append(5)
	    bits = acc = 0
	    out = bytearray()
	    for c in codes:
	        acc |= c << bits
	        bits += 3
	        while bits >= 8:
	            out.append(acc & 0xff)
	            acc >>= 8
	            bits -= 8
	    if bits:
	        out.append(acc & 0xff)
	    blocks = b"".join(bytes([len(out[i:i + 255])]) + out[i:i + 255]
	                      for i in range(0, len(out), 255))
	    return bytes([2]) + blocks + b"\0"
	w, h = 40, 30
	gif = b"GIF89a" + struct.pack("<HHBBB", w, h, 0xF1, 0, 0)
	gif += bytes([0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255])
	gif += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
	for colour in (0, 1):
	    gif += b"\x21\xf9\x04\x04\x0a\x00\x00\x00"
	    gif += b"\x2c" + struct.pack("<HHHHB", 0, 0, w, h, 0) + lzw([colour] * (w * h))
	open(sys.argv[1], "wb").write(gif + b"\x3b")
	PY
up "${U}_anim"
analysed "${U}_anim"
is "$(q "${U}_anim" "full_metadata->>'format' || '|' || width || 'x' || height || '|' || (brightness = 0)")" "gif|40x30|true" \
    "an animated GIF is analysed by its first frame (black, not the white second)"

# The metrics of today's JPEGs must not move (playlists by quality): the
# values the libjpeg code measured on this fixture, within 0.01.
mkjpeg "$S/${U}_ref" 640 480 sharp 128 60
up "${U}_ref"
analysed "${U}_ref"
is "$(near "${U}_ref" brightness 0.5001 0.01)|$(near "${U}_ref" contrast 0.4756 0.01)|$(near "${U}_ref" blur_score 0.0017 0.01)|$(near "${U}_ref" quality_score 0.8942 0.01)" \
    "t|t|t|t" "a JPEG's brightness, contrast, blur and quality stay within 0.01 of the libjpeg path's"

# Portrait phone photos: landscape pixels with orientation 6 or 8.
mkjpeg "$S/${U}_o6" 400 300 smooth 128 60 make=Apple orientation=6
mkjpeg "$S/${U}_o8" 400 300 smooth 128 60 make=Apple orientation=8
vips rot "$T/base.jpg" "$T/upright.heic" d90 2>/dev/null
cp "$T/upright.heic" "$S/${U}_oheic"
vips copy "$S/${U}_o6" "$T/o6.tif" 2>/dev/null	# the TIFF Orientation tag, no EXIF
cp "$T/o6.tif" "$S/${U}_otif"
for f in o6 o8 oheic otif; do up "${U}_$f"; done
for f in o6 o8 oheic otif; do analysed "${U}_$f"; done
is "$(q "${U}_o6" "width || 'x' || height || '|' || exif_orientation")" "300x400|6" \
    "a 400x300 JPEG with orientation 6 is 300x400 as displayed; exif_orientation stays 6"
is "$(q "${U}_o8" "width || 'x' || height || '|' || exif_orientation")" "300x400|8" \
    "with orientation 8 as well; exif_orientation stays 8"
is "$(q "${U}_oheic" "width || 'x' || height")" "300x400" "a portrait HEIC is 300x400"
is "$(q "${U}_otif" "width || 'x' || height || '|' || exif_orientation")" "300x400|6" \
    "a TIFF with Orientation 6 is 300x400 as displayed, exif_orientation 6"
api POST "/metadata/query?user_id=$U" '{"orientation":"portrait"}'
is "$(jq -r '.photo_ids|sort|join(",")' <<<"$BODY")" "$(printf '%s\n' "${U}_o6" "${U}_o8" "${U}_oheic" "${U}_otif" | sort | paste -sd,)" \
    "POST /metadata/query {\"orientation\":\"portrait\"} finds exactly the portrait photos"

# What a frame gets is upright, with no orientation left to apply.
queue() {
	sql "WITH c AS (INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status, cache_quality)
	     VALUES (:'v1', :'v2', :'v3', :'v4', 'pending', :'v5') RETURNING cache_id)
	     INSERT INTO cache_jobs (cache_id) SELECT cache_id FROM c" "$1" "$U" "$2" "$3" "$4"
}
cached() { wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$1" >/dev/null
	sql "SELECT local_path FROM photo_cache WHERE cache_id = :'v1'" "$1"; }
mkjpeg "$S/${U}_phone" 1600 1200 smooth 128 60 make=Apple orientation=6
C1=$(cid)
queue "$C1" frame_low "${U}_phone" low
F1=$(cached "$C1")
is "$(jpeg_size "$F1")" 960x1280 "a 1600x1200 orientation-6 photo at low reaches the frame as a 960x1280 portrait JPEG"
is "$(vipsheader -a "$F1" 2>/dev/null | grep -ci -e orientation -e exif-data)" 0 "with no orientation tag and no EXIF left"
C2=$(cid)
queue "$C2" frame_orig "${U}_heic" original
F2=$(cached "$C2")
is "$(jpeg_size "$F2")|${F2##*.}" "400x300|jpg" \
    "a HEIC asked for as original becomes a full-size JPEG"
C3=$(cid)
queue "$C3" frame_orig "${U}_png" original
F3=$(cached "$C3")
ok "$(cmp -s "$F3" "$S/${U}_png" && [ "${F3##*.}" = png ] && echo 1)" "a PNG asked for as original keeps its bytes, as .png"

C4=$(cid)
queue "$C4" frame_low "${U}_anim" low
F4=$(cached "$C4")
is "$(jpeg_size "$F4")|$(vips avg "$F4" 2>/dev/null | cut -d. -f1)" "40x30|0" \
    "an animated GIF at low reaches the frame as a JPEG of its first frame"

# Bad files: the row records why; the listener goes on.
: >"$S/${U}_empty"
echo "this is a text file, not a photo" >"$S/${U}_text"
mkjpeg "$T/whole.jpg" 640 480 sharp 128 60
head -c 60000 "$T/whole.jpg" >"$S/${U}_trunc"
mkjpeg "$T/small.jpg" 32 32 sharp 128 10
python3 "$MEDIA_ROOT/tests/tools/jpeg-claim-size.py" "$T/small.jpg" "$S/${U}_huge" 20000 20000
printf '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="32" height="32" fill="red"/></svg>' >"$S/${U}_svg"
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/MediaBox[0 0 64 64]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >"$S/${U}_pdf"
vips copy "$T/small.jpg" "$T/small.ppm"
cp "$T/small.ppm" "$S/${U}_ppm"
for f in empty text trunc huge svg pdf ppm; do up "${U}_$f"; done
for f in empty text trunc huge svg pdf ppm; do analysed "${U}_$f"; done
err() { q "$1" "full_metadata->>'analysis_error'"; }
is "$(err "${U}_empty")" "empty file" "a 0-byte file: analysis_error \"empty file\""
is "$(err "${U}_text")" "not an image of a supported format" "a text file: not an image of a supported format"
ok "$(err "${U}_trunc" | grep '^truncated or corrupt image: ')" "a truncated JPEG: truncated or corrupt image ($(err "${U}_trunc"))"
is "$(err "${U}_huge")" "image too large: 20000x20000 pixels, over MEDIA_MAX_IMAGE_PIXELS 100000000" \
    "a small JPEG whose header claims 20000x20000 is refused from its header"
is "$(q "${U}_huge" "coalesce(width::text, 'null') || '|' || (full_metadata->>'format')")" "null|jpeg" \
    "and gets no size, only its format"
is "$(err "${U}_svg")" "not an image of a supported format" "an SVG is refused (its loader is blocked)"
is "$(err "${U}_pdf")" "not an image of a supported format" "a PDF is refused (its loader is blocked)"
is "$(err "${U}_ppm")" "not an image of a supported format" "a PPM is refused (its loader is blocked)"
is "$(q "${U}_trunc" "quality_score IS NULL")" t "a bad file has no metrics"
mkjpeg "$S/${U}_after" 64 64 sharp 128 10
up "${U}_after"
analysed "${U}_after"
is "$(q "${U}_after" "width || 'x' || height || '|' || (quality_score IS NOT NULL)")" "64x64|true" \
    "after the bad files the next upload is analysed"
ok "$(kill -0 "$(cat "$MEDIA_RUN_DIR/listener.pid")" 2>/dev/null && echo 1)" "and the stack's listener is still running"

# An EXIF date that is no date is left out; the rest of the analysis stays.
mkjpeg "$S/${U}_feb31" 320 240 sharp 128 60 make=Canon taken="2020:02:31 10:00:00"
mkjpeg "$S/${U}_neg" 320 240 sharp 128 60 make=Canon taken="2020:01:01 -1:-5:-9"
mkjpeg "$S/${U}_noleap" 320 240 sharp 128 60 make=Canon taken="2023:02:29 12:00:00"
mkjpeg "$S/${U}_leap" 320 240 sharp 128 60 make=Canon taken="2024:02:29 23:59:59"
for f in feb31 neg noleap leap; do up "${U}_$f"; done
for f in feb31 neg noleap leap; do analysed "${U}_$f"; done
for f in feb31:2020:02:31 neg:"-1:-5:-9" noleap:2023:02:29; do
	id=${f%%:*}
	is "$(q "${U}_$id" "coalesce(photo_taken_at::text, 'null') || '|' || width || 'x' || height || '|' || (quality_score IS NOT NULL) || '|' || camera_make || '|' || coalesce(full_metadata->>'analysis_error', 'ok')")" \
	    "null|320x240|true|Canon|ok" "DateTimeOriginal ${f#*:}: photo_taken_at null, size, metrics and camera_make stored"
done
is "$(q "${U}_leap" "media_ts(photo_taken_at)")" "2024-02-29T23:59:59Z" "29 February of a leap year is a date"

# A value PostgreSQL refuses with a data exception (SQLSTATE class 22)
# costs only the EXIF columns: a test trigger refuses camera_make "Bad22".
trap 'sql "DROP TRIGGER IF EXISTS t_refuse_22 ON photo_metadata; DROP FUNCTION IF EXISTS t_refuse_22()" >/dev/null 2>&1; rm -rf "$TAP_TMP"' EXIT
sql "CREATE FUNCTION t_refuse_22() RETURNS trigger LANGUAGE plpgsql AS \$\$
     BEGIN RAISE EXCEPTION 'test: refused' USING ERRCODE = '22023'; END \$\$;
     CREATE TRIGGER t_refuse_22 BEFORE UPDATE ON photo_metadata FOR EACH ROW
     WHEN (NEW.camera_make = 'Bad22') EXECUTE FUNCTION t_refuse_22()" >/dev/null
mkjpeg "$S/${U}_bad22" 320 240 sharp 128 60 make=Bad22 taken="2024:07:14 10:30:00"
up "${U}_bad22"
analysed "${U}_bad22"
is "$(q "${U}_bad22" "coalesce(camera_make, 'null') || '|' || coalesce(photo_taken_at::text, 'null') || '|' || width || 'x' || height || '|' || (quality_score IS NOT NULL)")" \
    "null|null|320x240|true" "a row refused with SQLSTATE 22 is stored again without its EXIF: size and metrics kept"
is "$(q "${U}_bad22" "full_metadata->>'analysis_error'")" "EXIF left out: the database refused a value (SQLSTATE 22023)" \
    "and analysis_error says why"
sql "DROP TRIGGER t_refuse_22 ON photo_metadata; DROP FUNCTION t_refuse_22()" >/dev/null

done_testing
