#!/usr/bin/env bash
# cache-crud.t: create, read, list, hit, delete and evict cache entries
# (contract §3.5, BR-M009, EC-M005).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/cache.sh"

U=$(new_user)
sql "INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type, file_id,
       is_current, version_number) VALUES
     ('cv_${U}_1', 'pv_$U', :'v1', 'original', 'original', 'pv_$U', false, 1),
     ('cv_${U}_2', 'pv_$U', :'v1', 'styled', 'ai_styled', 'pv_${U}_s', true, 2)" "$U"

api POST "/cache?user_id=$U" '{"frame_id":"f1","photo_id":"p1","cache_quality":"MEDIUM","cache_format":"WEBP"}'
status_is 201 "POST /cache answers 201"
C1=$(jq -r .cache_id <<<"$BODY")
ok "$([[ $C1 =~ ^cache_[0-9a-f]{24}$ ]] && echo 1)" "the id is cache_ + 24 hex chars"
jq_is .cache_status pending "the new entry is pending"
jq_is .cache_quality medium "cache_quality is stored lowercase"
jq_is .cache_format webp "cache_format is stored lowercase"
jq_is 'has("local_path")' false "an entry does not show the server's file path (issue 10 finding 11)"
jq_is '[.hit_count,.retry_count]|join(",")' "0,0" "hit_count and retry_count start at 0"
jq_is .version_id null "a photo without versions has version_id null"
ok "$(jq -r .expires_at <<<"$BODY" | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' && echo 1)" \
    "expires_at is RFC 3339 UTC"
n=$(sql "SELECT count(*) FROM cache_jobs WHERE cache_id = :'v1'" "$C1")
is "$n" 1 "its download is queued"

api POST "/cache?user_id=$U&frame_id=f1&photo_id=p2"
status_is 201 "frame_id and photo_id may come in the query string"
jq_is .cache_quality original "cache_quality defaults to original"
C2=$(jq -r .cache_id <<<"$BODY")

api POST "/cache?user_id=$U" '{"frame_id":"f1","photo_id":"p1"}'
status_is 200 "asking again while it is pending answers 200"
jq_is .cache_id "$C1" "with the same entry"

api POST "/cache?user_id=$U" "{\"frame_id\":\"f1\",\"photo_id\":\"pv_$U\"}"
jq_is .version_id "cv_${U}_2" "without version_id the photo's current version is cached"
api POST "/cache?user_id=$U" "{\"frame_id\":\"f1\",\"photo_id\":\"pv_$U\",\"version_id\":\"cv_${U}_1\"}"
status_is 201 "another version of the same photo is another entry"
jq_is .version_id "cv_${U}_1" "for that version"

# BR-M009: cached and fresh is returned as is; expired is replaced.
mark_cached "$C1"
api POST "/cache?user_id=$U" '{"frame_id":"f1","photo_id":"p1"}'
status_is 200 "a cached, unexpired entry is returned as is (BR-M009)"
jq_is .cache_id "$C1" "the same entry"
jq_is .cache_status cached "cached"
jq_is .cached_url "$MEDIA_TEST_URL/cached/$U/f1/$C1.jpg" "with its cached_url"

sql "UPDATE photo_cache SET expires_at = now() - interval '1 second' WHERE cache_id = :'v1'" "$C1"
api GET "/cache/$C1?user_id=$U"
jq_is .cache_status expired "an entry past expires_at reads as expired"
api POST "/cache?user_id=$U" '{"frame_id":"f1","photo_id":"p1"}'
status_is 201 "an expired entry is replaced by a new one (BR-M009)"
C3=$(jq -r .cache_id <<<"$BODY")
jq_is .cache_status pending "which is pending"
ok "$([ "$C3" != "$C1" ] && echo 1)" "under a new id"
api GET "/cache/$C1?user_id=$U"
status_is 404 "the expired entry is gone"
ok "$([ ! -e "$(cache_path "$U" f1 "$C1")" ] && echo 1)" "and so is its file"

# A failed entry is retried by a new request.
sql "UPDATE photo_cache SET cache_status = 'failed', error_message = 'HTTP 500' WHERE cache_id = :'v1'" "$C2"
api POST "/cache?user_id=$U&frame_id=f1&photo_id=p2"
status_is 201 "a failed entry is replaced by a new pending one"

# Lists by status.
mark_cached "$C3"
api GET "/cache/frame/f1?user_id=$U"
status_is 200 "GET /cache/frame/{id} answers 200"
jq_is '[.[].cache_id]|join(",")' "$C3" "by default it lists the cached entries only"
is "$(header X-Total-Count)" 1 "X-Total-Count counts them"
api GET "/cache/frame/f1?user_id=$U&status=all"
jq_is length 4 "status=all lists every entry"
api GET "/cache/frame/f1?user_id=$U&status=PENDING"
jq_is '[.[].cache_status]|unique|join(",")' pending "status=PENDING lists the pending ones"
sql "UPDATE photo_cache SET expires_at = now() - interval '1 second' WHERE cache_id = :'v1'" "$C3"
api GET "/cache/frame/f1?user_id=$U&status=expired"
jq_is '[.[].cache_id]|join(",")' "$C3" "status=expired lists cached entries past expires_at"
api GET "/cache/frame/f1?user_id=$U"
jq_is length 0 "and they no longer list as cached"
api GET "/cache/frame/f1?user_id=$U&status=all&limit=1&offset=1"
jq_is length 1 "limit and offset page through the list"
is "$(header X-Total-Count)" 4 "X-Total-Count is still the total"

# Hits.
api PUT "/cache/$C3/hit?user_id=$U"
status_is 200 "PUT /cache/{id}/hit answers 200"
jq_is .hit_count 1 "hit_count is 1"
ok "$(jq -r .last_accessed_at <<<"$BODY" | grep -qE 'Z$' && echo 1)" "last_accessed_at is set"
api PUT "/cache/$C3/hit?user_id=$U"
jq_is .hit_count 2 "a second hit counts 2"
is "$(sql "SELECT count(*) || ' ' || min(payload->>'cached_url') FROM outbox
    WHERE aggregate_id = :'v1' AND event_type = 'media.cache.ready'" "$C3")" \
    "1 $MEDIA_TEST_URL/cached/$U/f1/$C3.jpg" \
    "the entry's file wrote one media.cache.ready (the photo_cache trigger); expiry and hits none"

# Delete removes the row, its job and its file.
sql "UPDATE photo_cache SET expires_at = now() + interval '1 day' WHERE cache_id = :'v1'" "$C3"
F=$(cache_path "$U" f1 "$C3")
ok "$([ -e "$F" ] && echo 1)" "the cached file is on disk"
api DELETE "/cache/$C3?user_id=$U"
status_is 204 "DELETE /cache/{id} answers 204"
ok "$([ ! -e "$F" ] && echo 1)" "and the file is removed from disk"
api GET "/cache/$C3?user_id=$U"
status_is 404 "the entry is gone"
api GET "/cached/$U/f1/$C3.jpg"
status_is 404 "and nginx no longer serves it"
api DELETE "/cache/$C3?user_id=$U"
status_is 404 "deleting it again is a 404"
P=$(jq -r '.[0].cache_id' <<<"$(curl -s "$API/cache/frame/f1?user_id=$U&status=pending")")
api DELETE "/cache/$P?user_id=$U"
n=$(sql "SELECT count(*) FROM cache_jobs WHERE cache_id = :'v1'" "$P")
is "$n" 0 "deleting a pending entry drops its queued job"

# LRU eviction: never accessed first, then the oldest access, then the oldest.
V=$(new_user)
for p in e1 e2 e3 e4 e5; do
	api POST "/cache?user_id=$V" "{\"frame_id\":\"fe\",\"photo_id\":\"$p\"}"
	eval "$p=$(jq -r .cache_id <<<"$BODY")"
done
sql "UPDATE photo_cache SET created_at = now() - interval '1 hour' * (10 - substr(photo_id, 2)::int),
       last_accessed_at = CASE photo_id WHEN 'e1' THEN now() - interval '5 minutes'
                                        WHEN 'e2' THEN now() - interval '1 minute'
                                        WHEN 'e4' THEN now() - interval '10 minutes' END
     WHERE user_id = :'v1'" "$V"
for p in e1 e2 e3 e4 e5; do mark_cached "${!p}"; done
api POST "/cache/frame/fe/evict?user_id=$V&keep=2"
status_is 200 "POST /cache/frame/{id}/evict answers 200"
jq_is '.evicted|join(",")' "$e3,$e5,$e4" "it evicts never-accessed (oldest first), then least recently used"
api GET "/cache/frame/fe?user_id=$V&status=all"
jq_is '[.[].photo_id]|sort|join(",")' "e1,e2" "the two most recently used stay"
ok "$([ ! -e "$(cache_path "$V" fe "$e3")" ] && [ -e "$(cache_path "$V" fe "$e1")" ] && echo 1)" \
    "evicted files are removed, kept ones stay"
api POST "/cache/frame/fe/evict?user_id=$V&keep=5"
jq_is '.evicted|length' 0 "keeping more than there are evicts nothing"
api POST "/cache/frame/fe/evict?user_id=$V&keep=0"
jq_is '.evicted|length' 2 "keep=0 evicts the rest"

# The same rule with a byte quota, as the download worker applies it (EC-M005).
W=$(new_user)
for p in q1 q2 q3; do
	api POST "/cache?user_id=$W" "{\"frame_id\":\"fq\",\"photo_id\":\"$p\"}"
	eval "$p=$(jq -r .cache_id <<<"$BODY")"
	mark_cached "${!p}" "0123456789"
done
api PUT "/cache/$q3/hit?user_id=$W"
api PUT "/cache/$q1/hit?user_id=$W"
gone=$(sql "SELECT string_agg(cache_id, ',' ORDER BY ord) FROM media_cache_evict(:'v1', 'fq', NULL, 25)" "$W")
is "$gone" "$q2" "a 25-byte quota over three 10-byte files evicts the least recently used one"

done_testing
