#!/usr/bin/env bash
# listener-owner-url.t: a cache download fetches only its owner's storage
# (issue 10 finding 2). User B points a version's cloud_url at user A's
# storage URL and asks for it to be cached: the worker fetches B's own
# storage instead (where there is no such file), never A's, and B's
# /cached/ URL never serves A's photo. B's own storage URL works; an
# allowed host without a port no longer allows every port.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

A=$(new_user)
B=$(new_user)
mkdir -p "$MEDIA_STORAGE_DIR/$A" "$MEDIA_STORAGE_DIR/$B"
mkjpeg "$MEDIA_STORAGE_DIR/$A/${A}_secret" 320 240 sharp 128 60 make=Alice
mkjpeg "$MEDIA_STORAGE_DIR/$B/${B}_mine" 320 240 sharp 128 60 make=Bob
A_URL="$MEDIA_PUBLIC_URL/storage/$A/${A}_secret"

api POST "/photos/${B}_p/versions?user_id=$B" \
    "{\"version_name\":\"x\",\"version_type\":\"original\",\"file_id\":\"${B}_p\",\"cloud_url\":\"$A_URL\"}"
status_is 201 "B makes a version whose cloud_url is A's storage URL"
api POST "/cache?user_id=$B" "{\"frame_id\":\"f\",\"photo_id\":\"${B}_p\"}"
C=$(jq -r .cache_id <<<"$BODY")
WAIT_S=40
is "$(wait_sql failed "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$C")" failed \
    "caching it fails: B's storage has no such file"
is "$(sql "SELECT error_message FROM photo_cache WHERE cache_id = :'v1'" "$C")" "download failed: HTTP 404" \
    "the worker asked B's storage (404), not the cloud_url"
ok "$(! grep -q "/storage/$A/${A}_secret" "$MEDIA_LOG_DIR/access.log" && echo 1)" "A's photo was never fetched"
ok "$(! ls "$MEDIA_CACHE_DIR/$B/f" 2>/dev/null | grep -q . && echo 1)" "and no file is in B's cache"

api POST "/photos/${B}_q/versions?user_id=$B" \
    "{\"version_name\":\"y\",\"version_type\":\"original\",\"file_id\":\"${B}_q\",\"cloud_url\":\"$MEDIA_PUBLIC_URL/storage/$B/${B}_mine\"}"
api POST "/cache?user_id=$B" "{\"frame_id\":\"f\",\"photo_id\":\"${B}_q\"}"
C2=$(jq -r .cache_id <<<"$BODY")
is "$(wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$C2")" cached \
    "a cloud_url of B's own storage is cached"
api POST "/photos/${B}_r/versions?user_id=$B" \
    "{\"version_name\":\"z\",\"version_type\":\"original\",\"file_id\":\"${B}_r\",\"cloud_url\":\"$MEDIA_PUBLIC_URL/storage/$B/../$A/${A}_secret\"}"
api POST "/cache?user_id=$B" "{\"frame_id\":\"f\",\"photo_id\":\"${B}_r\"}"
C3=$(jq -r .cache_id <<<"$BODY")
is "$(wait_sql failed "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$C3")" failed \
    "a path that climbs out of B's storage is not followed either"
ok "$(! grep -q "/storage/$B/\.\./" "$MEDIA_LOG_DIR/access.log" && echo 1)" "(nothing asked for it)"

# An allowed host without a port is that host's default port only.
PORT=$(free_port)
trap 'double_stop; own_listener_stop hosts; stack_listener_start; rm -rf "$TAP_TMP"' EXIT
double_start "$PORT" "$TAP_TMP"
stack_listener_stop
own_listener_start hosts MEDIA_STORAGE_ALLOWED_HOSTS=127.0.0.1
cp "$MEDIA_STORAGE_DIR/$B/${B}_mine" "$TAP_TMP/${B}_d"
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${B}_d\",\"user_id\":\"$B\",\"download_url\":\"http://127.0.0.1:$PORT/files/${B}_d\"}"
is "$(wait_sql "the download host is not allowed" "SELECT full_metadata->>'analysis_error' FROM photo_metadata WHERE file_id = :'v1'" "${B}_d")" \
    "the download host is not allowed" "MEDIA_STORAGE_ALLOWED_HOSTS=127.0.0.1 does not allow port $PORT"
done_testing
