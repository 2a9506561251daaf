#!/usr/bin/env bash
# cache-bad-input.t: bad inputs of §3.5 are JSON 4xx naming the field, never
# a 500; another user's entries and photos are absent (404).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/cache.sh"

U=$(new_user)
OTHER=$(new_user)

bad() {
	api POST "/cache?user_id=$U" "$(jq -c '{frame_id: "f1", photo_id: "p1"} + .' <<<"$1")"
	is "$STATUS $(jq -r .field <<<"$BODY")" "400 $2" "$3"
}
bad '{"frame_id":null}' frame_id "a missing frame_id is a 400"
bad '{"frame_id":"a/b"}' frame_id "a frame_id with a slash is a 400"
bad '{"frame_id":".."}' frame_id "a frame_id of .. is a 400"
bad '{"photo_id":null}' photo_id "a missing photo_id is a 400"
bad '{"photo_id":["p1"]}' photo_id "an array as photo_id is a 400"
bad "{\"photo_id\":\"$(printf 'p%.0s' $(seq 51))\"}" photo_id "a 51-character photo_id is a 400"
bad '{"version_id":"v 1"}' version_id "a version_id with a space is a 400"
bad '{"cache_quality":"ultra"}' cache_quality "an unknown cache_quality is a 400"
bad '{"cache_format":"../jpg"}' cache_format "a cache_format that is not a word is a 400"
bad '{"cache_format":"jpegjpegjpeg"}' cache_format "an 11-character cache_format is a 400"
api POST "/cache?user_id=$U&frame_id=f%2F1&photo_id=p1"
is "$STATUS $(jq -r .field <<<"$BODY")" "400 frame_id" "a bad frame_id in the query string is a 400"
api POST "/cache?user_id=$U" '{"frame_id":"f1","photo_id":"p1","version_id":"nope"}'
status_is 404 "a version_id that is not the photo's is a 404"
jq_is .field version_id "naming version_id"
api POST "/cache" '{"frame_id":"f1","photo_id":"p1"}'
status_is 400 "a missing user_id is a 400"
api POST "/cache?user_id=$U" '{"frame_id":'
status_is 400 "a body that is not JSON is a 400"

# Another user's photo of that id is another photo (sql/051): caching the
# id makes an entry of the caller's own photo, and never names theirs.
sql "INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type, file_id, is_current)
     VALUES (:'v2', :'v3', :'v1', 'o', 'original', :'v3', true)" "$OTHER" "ver_$OTHER" "theirs_$OTHER"
api POST "/cache?user_id=$U" "{\"frame_id\":\"f9\",\"photo_id\":\"theirs_$OTHER\"}"
jq_is '[.user_id, .version_id]|map(tostring)|join(",")' "$U,null" "caching an id of another user's photo caches the caller's own (no version)"
api POST "/cache?user_id=$U" "{\"frame_id\":\"f9\",\"photo_id\":\"theirs_$OTHER\",\"version_id\":\"ver_$OTHER\"}"
is "$STATUS $(jq -r .field <<<"$BODY")" "404 version_id" "and naming the other user's version is a 404, as a missing version"

api POST "/cache?user_id=$U" '{"frame_id":"f1","photo_id":"p1"}'
C=$(jq -r .cache_id <<<"$BODY")
mark_cached "$C"
for m in GET DELETE; do
	api "$m" "/cache/$C?user_id=$OTHER"
	status_is 404 "$m of another user's entry is a 404"
done
api PUT "/cache/$C/hit?user_id=$OTHER"
status_is 404 "a hit by another user is a 404"
api GET "/cache/frame/f1?user_id=$OTHER&status=all"
jq_is length 0 "another user lists none of the frame's entries"
api POST "/cache/frame/f1/evict?user_id=$OTHER&keep=0"
jq_is '.evicted|length' 0 "another user's eviction evicts nothing of ours"
api GET "/cache/$C?user_id=$U"
jq_is '[.cache_status,.hit_count]|join(",")' "cached,0" "the owner's entry is untouched"
ok "$([ -e "$(cache_path "$U" f1 "$C")" ] && echo 1)" "and so is its file"

api GET "/cache/frame/f1?user_id=$U&status=gone"
status_is 400 "an unknown status filter is a 400"
jq_is .field status "naming status"
api GET "/cache/frame/f1?user_id=$U&limit=101"
status_is 400 "limit=101 is a 400"
api POST "/cache/frame/f1/evict?user_id=$U"
status_is 400 "evict without keep is a 400"
jq_is .field keep "naming keep"
api POST "/cache/frame/f1/evict?user_id=$U&keep=-1"
status_is 400 "keep=-1 is a 400"
api POST "/cache/frame/f1/evict?user_id=$U&keep=two"
status_is 400 "keep=two is a 400"
api GET "/cache/cache_000000000000000000000000?user_id=$U"
status_is 404 "a missing entry is a 404"
api PUT "/cache/cache_000000000000000000000000/hit?user_id=$U"
status_is 404 "a hit on a missing entry is a 404"
api PATCH "/cache/$C?user_id=$U" '{}'
status_is 405 "PATCH is 405"

done_testing
