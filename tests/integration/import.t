#!/usr/bin/env bash
# import.t: media-import (`make import`, issue 12): photos under a folder in
# mixed formats, told apart by content, into the storage folder under a
# content-derived file_id, announced through JetStream and analysed
# (--wait); the same folder again is 0 new; non-photos, symlinks out of the
# folder, files too large and unreadable files are counted; bad USER and
# FRAME are refused; FRAME makes the playlist and schedule and prints the
# player's URL; plain lines off a terminal, a bar on one.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

IMPORT=$MEDIA_BIN_DIR/media-import
U=$(new_user)
D=$TAP_TMP/pictures
mkdir -p "$D/2024/summer" "$D/2025" "$TAP_TMP/outside"
# import OUT ARGS...: run it, stdout into OUT, stderr into OUT.err; RC.
import() {
	local out=$1
	shift
	"$IMPORT" "$@" >"$out" 2>"$out.err"
	RC=$?
}
summary() { grep -E '^imported [0-9]+, already there' "$1"; }

# 50 photos, each its own pixels, in the seven formats; one a JPEG named
# .txt (content decides, not the name).
exts=(jpg png webp tif gif heic avif)
for i in $(seq 50); do
	sub=$D/2024/summer
	[ $((i % 3)) = 0 ] && sub=$D/2025
	[ $((i % 5)) = 0 ] && sub=$D
	ext=${exts[$((i % 7))]}
	mkjpeg "$TAP_TMP/src$i.jpg" $((120 + i)) $((90 + i % 4 * 40)) sharp $((40 + i * 3)) 30
	if [ "$ext" = jpg ]; then
		cp "$TAP_TMP/src$i.jpg" "$sub/photo$i.jpg"
	else
		vips copy "$TAP_TMP/src$i.jpg" "$sub/photo$i.$ext" >/dev/null 2>&1
	fi
done
mv "$D/2024/summer/photo1.png" "$D/2024/summer/photo1.txt"
# Three non-photos: text, an SVG, text named .jpg.
echo "shopping: milk" >"$D/notes.txt"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n' >"$D/2025/drawing.svg"
echo "not a jpeg at all" >"$D/2024/fake.jpg"

import "$TAP_TMP/run1" --wait "$D" "$U"
is "$RC" 0 "importing 50 photos and 3 other files with --wait exits 0"
ok "$(summary "$TAP_TMP/run1" | grep '^imported 50, already there 0, skipped 3, failed 0 ')" \
    "the summary says imported 50, already there 0, skipped 3, failed 0"
ok "$(grep -x 'analysed 50 photos in .*' "$TAP_TMP/run1")" "--wait says all 50 are analysed"
is "$(sql "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND full_metadata ? 'analyzed_at' AND NOT full_metadata ? 'analysis_error'" "$U")" 50 \
    "the service holds 50 analysed photos of the user, none with analysis_error"
is "$(sql "SELECT string_agg(DISTINCT full_metadata->>'format', ',' ORDER BY full_metadata->>'format') FROM photo_metadata WHERE user_id = :'v1'" "$U")" \
    "gif,heif,jpeg,png,tiff,webp" "they are JPEG, PNG, WebP, TIFF, GIF and HEIF (HEIC and AVIF)"
ids=$(awk '$1 == "imported" && NF == 4 { print $3 }' "$TAP_TMP/run1" | sort)
is "$(wc -l <<<"$ids")" 50 "each imported photo's line names its file_id"
is "$(grep -cvE '^imp_[0-9a-f]{44}$' <<<"$ids")" 0 "file_ids are imp_ + 44 hex chars (48: a valid client id)"
f=$(awk '$1 == "imported" && $2 ~ /photo7\.jpg$/ { print $3 }' "$TAP_TMP/run1")
is "$(sha256sum <"$MEDIA_STORAGE_DIR/$U/$f")" "$(sha256sum <"$D/2024/summer/photo7.jpg")" \
    "the storage folder holds the photo's bytes as \$MEDIA_STORAGE_DIR/<user>/<file_id>"
ok "$(grep -E '^imported +2024/summer/photo1\.txt  imp_[0-9a-f]+ image/png$' "$TAP_TMP/run1")" \
    "a PNG named .txt is imported as image/png (by content)"
api GET "/metadata/$f?user_id=$U"
jq_is '.full_metadata.format' jpeg "GET /metadata of an imported photo answers its analysis"
is "$(sql "SELECT count(*) FROM photo_versions WHERE user_id = :'v1' AND version_name = 'photo7.jpg'" "$U")" 1 \
    "file_name reached the listener (the original version is named after the file)"
ok "$(grep -E '^skipped +notes\.txt: not a photo' "$TAP_TMP/run1")" "a text file is skipped, not a photo"
ok "$(grep -E '^skipped +2025/drawing\.svg: not a photo' "$TAP_TMP/run1")" "an SVG is skipped"
ok "$(grep -E '^skipped +2024/fake\.jpg: not a photo' "$TAP_TMP/run1")" "a text file named .jpg is skipped (by content)"
is "$(grep -c $'\r' "$TAP_TMP/run1")" 0 "off a terminal the output is plain lines (no bar redrawn with CR)"
is "$(grep -c 'Sanitizer' "$TAP_TMP/run1.err")" 0 "and nothing on stderr from the sanitizers"

import "$TAP_TMP/run2" --wait "$D" "$U"
is "$RC" 0 "the same folder again exits 0"
ok "$(summary "$TAP_TMP/run2" | grep '^imported 0, already there 50, skipped 3, failed 0 ')" \
    "and says imported 0, already there 50, skipped 3, failed 0"
is "$(sql "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1'" "$U")" 50 "no new photo in the service"
is "$(ls "$MEDIA_STORAGE_DIR/$U" | wc -l)" 50 "and 50 files in storage, no temp file left"

# Two users importing the same file get two photos: file_ids are global.
U2=$(new_user)
mkdir -p "$TAP_TMP/one"
cp "$D/photo5.heic" "$TAP_TMP/one/"
import "$TAP_TMP/run3" "$TAP_TMP/one" "$U2"
ok "$(summary "$TAP_TMP/run3" | grep '^imported 1, already there 0, skipped 0, failed 0 ')" \
    "the same photo for another user is imported for that user"
ok "$([ "$(awk '$1 == "imported" && NF == 4 { print $3 }' "$TAP_TMP/run3")" != "$(awk '$1 == "imported" && $2 == "photo5.heic" { print $3 }' "$TAP_TMP/run1")" ] && echo 1)" \
    "under another file_id"

# Bad USER and FRAME: refused before anything is read or written.
for bad in '../etc' '' '.hidden' "$(printf 'a%.0s' $(seq 51))" 'a b' 'a/b'; do
	import "$TAP_TMP/bad" "$D" "$bad"
	is "$RC" 2 "USER '$bad' is refused with exit status 2"
done
ok "$(grep -c 'USER must be 1-50 characters' "$TAP_TMP/bad.err")" "and says what a USER must be"
import "$TAP_TMP/bad" --frame '../x' "$D" "$U"
is "$RC" 2 "a bad FRAME is refused with exit status 2"
is "$(cd "$TAP_TMP" && make -s --no-print-directory -C "$MEDIA_ROOT" MODE=test import DIR="$D" 2>&1 >/dev/null | grep -c '^usage: make import')" 1 \
    "make import without USER= on its command line is refused (the login's USER is not taken)"

# The service away: one message, nothing copied.
U7=$(new_user)
MEDIA_PUBLIC_URL=http://127.0.0.1:$(free_port) import "$TAP_TMP/down" "$D" "$U7"
is "$RC" 1 "with the service unreachable it exits 1"
ok "$(grep -c 'is the stack running' "$TAP_TMP/down.err")" "and says so once, before touching a file"
ok "$([ ! -e "$MEDIA_STORAGE_DIR/$U7" ] && echo 1)" "nothing is copied"

# Hostile folder: a symlink out of it, a symlink within it, a FIFO, a file
# over MEDIA_STORAGE_MAX_BYTES.
H=$TAP_TMP/hostile
mkdir -p "$H/in"
mkjpeg "$TAP_TMP/outside/secret.jpg" 50 50 sharp 90 20
mkjpeg "$H/in/small.jpg" 40 30 sharp 70 20
mkjpeg "$H/big.jpg" 900 700 sharp 128 60
ln -s "$TAP_TMP/outside/secret.jpg" "$H/abs-link.jpg"
ln -s ../../outside/secret.jpg "$H/in/rel-link.jpg"
ln -s in/small.jpg "$H/inside-link.jpg"
ln -s .. "$H/in/loop"
mkfifo "$H/fifo.jpg"
U3=$(new_user)
MEDIA_STORAGE_MAX_BYTES=20000 import "$TAP_TMP/run4" "$H" "$U3"
is "$RC" 0 "a hostile folder with nothing unreadable exits 0"
ok "$(grep -E '^skipped +abs-link\.jpg: a symlink that leads out of the folder' "$TAP_TMP/run4")" \
    "an absolute symlink out of the folder is skipped"
ok "$(grep -E '^skipped +in/rel-link\.jpg: a symlink that leads out of the folder' "$TAP_TMP/run4")" \
    "a relative symlink climbing out of the folder is skipped"
ok "$(grep -E '^skipped +fifo\.jpg: not a regular file' "$TAP_TMP/run4")" "a FIFO is skipped (and does not hang the import)"
ok "$(grep -E '^skipped +big\.jpg: larger than MEDIA_STORAGE_MAX_BYTES' "$TAP_TMP/run4")" \
    "a file over MEDIA_STORAGE_MAX_BYTES is skipped"
ok "$(grep -E '^imported +in/small\.jpg ' "$TAP_TMP/run4")" "the photo in the folder is imported"
ok "$(grep -E '^already there +inside-link\.jpg: the same photo' "$TAP_TMP/run4")" \
    "a symlink to it within the folder is the same photo, not a second one"
ok "$(summary "$TAP_TMP/run4" | grep '^imported 1, already there 1, skipped 4, failed 0 ')" \
    "the summary counts them: imported 1, already there 1, skipped 4, failed 0"
is "$(ls "$MEDIA_STORAGE_DIR/$U3" | wc -l)" 1 "only that one photo reaches storage: nothing from outside the folder"

# An unreadable file is a failure, and the exit status says so.
R=/tmp/import-t-$$
mkdir -p "$R/dir" "$R/store"
mkjpeg "$R/dir/ok.jpg" 30 30 sharp 100 20
mkjpeg "$R/dir/locked.jpg" 31 30 sharp 100 20
chmod 000 "$R/dir/locked.jpg"
chmod 755 "$R" "$R/dir"
U4=$(new_user)
run=()
if [ "$(id -u)" = 0 ]; then
	chown nobody "$R/store"
	run=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi
MEDIA_STORAGE_DIR=$R/store "${run[@]}" "$IMPORT" "$R/dir" "$U4" >"$TAP_TMP/run5" 2>&1
is "$?" 1 "an unreadable file makes the exit status 1"
ok "$(grep -E '^failed +locked\.jpg: cannot open: Permission denied' "$TAP_TMP/run5")" "and is listed as failed, with why"
ok "$(summary "$TAP_TMP/run5" | grep '^imported 1, already there 0, skipped 0, failed 1 ')" \
    "the summary says imported 1, failed 1"
rm -rf "$R"

# FRAME, through make import: a playlist of exactly the photos, a
# continuous schedule for the frame, the player's URL.
U5=$(new_user)
F=living-room
mkdir -p "$TAP_TMP/frame"
cp "$D/photo10.tif" "$D/photo15.png" "$D/2024/summer/photo7.jpg" "$TAP_TMP/frame/"
out=$(cd "$TAP_TMP" && make -s --no-print-directory -C "$MEDIA_ROOT" MODE=test import \
    DIR="$TAP_TMP/frame" USER="$U5" FRAME="$F" 2>&1)
is "$?" 0 "make import DIR=… USER=… FRAME=… exits 0"
ok "$(grep '^imported 3, already there 0, skipped 0, failed 0 ' <<<"$out")" "and imports the 3 photos"
is "$(grep '^open ' <<<"$out")" "open $MEDIA_PUBLIC_URL/frame/?frame_id=$F&user_id=$U5" "it prints the player's URL"
api GET "/schedules/frame/$F?user_id=$U5"
status_is 200 "the frame has a schedule in force"
jq_is '.schedule_type' continuous "a continuous one"
PL=$(jq -r .playlist_id <<<"$BODY")
api GET "/playlists/$PL?user_id=$U5"
jq_is '.playlist_type' manual "its playlist is a manual one (no criterion holds exactly an import)"
jq_is '.photo_ids | sort | join(",")' "$(awk '$1 == "imported" && NF == 4 { print $3 }' <<<"$out" | sort | paste -sd,)" \
    "holding exactly the imported photos"
api GET "/schedules/$(jq -r .schedule_id <<<"$(curl -s "$API/schedules/frame/$F?user_id=$U5")")/photos?user_id=$U5"
jq_is '.photos | length' 3 "the frame's manifest lists the 3 photos"

# On a terminal: a progress bar (done / total, photos per second, time left).
U6=$(new_user)
script -qec "\"$IMPORT\" \"$TAP_TMP/frame\" \"$U6\"" /dev/null >"$TAP_TMP/tty" 2>&1
ok "$(grep -a $'\r' "$TAP_TMP/tty" | grep -a 'imported \[#*-*\] 3/3  [0-9.]* photos/s  0:00 left')" \
    "on a terminal a bar shows done / total, photos per second and time left"
ok "$(grep -a '^imported 3, already there 0, skipped 0, failed 0 ' "$TAP_TMP/tty")" "and the summary ends it"

done_testing
