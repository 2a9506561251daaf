#!/usr/bin/env bash
# cache-files.t: nginx serves /cached/<user>/<frame>/<cache_id>.<ext> from
# MEDIA_CACHE_DIR with ETag, Last-Modified, 304s and a long Cache-Control;
# nothing else under /cached/ (no listing, no way out) (contract §3.5).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/cache.sh"

U=$(new_user)
api POST "/cache?user_id=$U" '{"frame_id":"frame:1","photo_id":"p1"}'
C=$(jq -r .cache_id <<<"$BODY")
mark_cached "$C" "0123456789"
P="/cached/$U/frame:1/$C.jpg"

api GET "$P"
status_is 200 "GET /cached/<user>/<frame>/<cache_id>.jpg answers 200"
is "$BODY" 0123456789 "with the file's bytes"
is "$(header Content-Type)" image/jpeg "as image/jpeg"
ETAG=$(header ETag)
LM=$(header Last-Modified)
ok "$([ -n "$ETAG" ] && echo 1)" "with an ETag"
ok "$([ -n "$LM" ] && echo 1)" "and a Last-Modified"
is "$(header Cache-Control)" "max-age=2592000" "Cache-Control keeps it 30 days"

api GET "$P" "" -H "If-None-Match: $ETAG"
status_is 304 "If-None-Match with the ETag gets 304"
api GET "$P" "" -H "If-Modified-Since: $LM"
status_is 304 "If-Modified-Since with Last-Modified gets 304"
api GET "$P" "" -H 'If-None-Match: "other"'
status_is 200 "another ETag gets the file"
api HEAD "$P" "" -I
status_is 200 "HEAD is served"
api POST "$P"
status_is 405 "POST is refused with 405"
api DELETE "$P"
status_is 405 "DELETE is refused with 405"

api GET "/cached/$U/frame:1/"
status_is 404 "a frame folder is not listed"
api GET "/cached/$U/"
status_is 404 "a user folder is not listed"
api GET "/cached/"
status_is 404 "the cache root is not listed"
jq_is .code not_found "the 404 is JSON"

mkdir -p "$MEDIA_CACHE_DIR/$U/frame:1"
printf secret >"$MEDIA_CACHE_DIR/$U/frame:1/.tmp-$C.jpg"
printf secret >"$MEDIA_CACHE_DIR/$U/frame:1/notes.txt"
[ "$(id -u)" = 0 ] && chown -R "${MEDIA_RUN_USER:-www-data}" "$MEDIA_CACHE_DIR/$U"
api GET "/cached/$U/frame:1/.tmp-$C.jpg"
status_is 404 "a download's temp file (dot name) is not served"
api GET "/cached/$U/frame:1/notes.txt"
status_is 404 "a name that is not <cache_id>.<ext> is not served"
api GET "/cached/$U/frame:1/cache_nothere0000000000000000.jpg"
status_is 404 "a missing cache file is a JSON 404"

# A file beside the cache folder, served by no location: no path under
# /cached/ may reach it, however it spells "..".
OUT="$(dirname "$MEDIA_CACHE_DIR")/outside-$U.jpg"
printf secret >"$OUT"
for path in "/cached/../outside-$U.jpg" "/cached/%2e%2e/outside-$U.jpg" \
    "/cached/$U/../../outside-$U.jpg" "/cached/$U/..%2f..%2foutside-$U.jpg" \
    "/cached/..%2foutside-$U.jpg" "/cached/$U/frame:1/..%2F..%2F..%2Foutside-$U.jpg" \
    "/cached/%2e%2e%2foutside-$U.jpg"; do
	code=$(curl -s --path-as-is -o "$TAP_TMP/out" -w '%{http_code}' "$MEDIA_TEST_URL$path")
	ok "$([ "$code" = 404 ] || [ "$code" = 400 ] && ! grep -q secret "$TAP_TMP/out" && echo 1)" \
	    "$path is refused ($code)"
done
rm -f "$OUT"

done_testing
