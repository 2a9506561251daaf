#!/usr/bin/env bash
# schedules-photos.t: GET /schedules/{id}/photos (contract §3.4, design
# Flow 3): current versions, cached and storage URLs, entries created and
# downloads queued (BR-M008), ETag / 304, isolation, EC-M004.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/cache.sh"

U=$(new_user)
OTHER=$(new_user)
# pa has two versions, the enhanced one current; pb has none; pd has only
# metadata; px is another user's photo: for U an id of U's own without
# versions (sql/051), shown as pb is, never as the other user's.
sql "INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type, file_id,
       is_current, version_number) VALUES
     ('v_${U}_1', 'pa_$U', :'v1', 'original', 'original', 'pa_$U', false, 1),
     ('v_${U}_2', 'pa_$U', :'v1', 'enhanced', 'ai_enhanced', 'pa_${U}_enh', true, 2);
     INSERT INTO photo_metadata (file_id, user_id) VALUES ('pd_$U', :'v1'), ('px_$U', :'v2')" "$U" "$OTHER"
api POST "/playlists?user_id=$U" "{\"name\":\"Frame\",\"photo_ids\":[\"pa_$U\",\"pb_$U\",\"px_$U\",\"pd_$U\",\"pa_$U\"]}"
PL=$(jq -r .playlist_id <<<"$BODY")
STORAGE=$(sed "s/{user_id}/$U/" <<<"$MEDIA_STORAGE_URL_TEMPLATE")

api POST "/schedules?user_id=$U" "{\"frame_id\":\"f1\",\"playlist_id\":\"$PL\",\"rotation_interval\":20}"
S=$(jq -r .schedule_id <<<"$BODY")
n=$(sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'f1' AND cache_status IN ('pending', 'downloading')" "$U")
is "$n" 4 "creating the schedule made a pending entry per photo and version (BR-M008)"
p=$(sql "SELECT min(j.priority) FROM cache_jobs j JOIN photo_cache c USING (cache_id) WHERE c.user_id = :'v1'" "$U")
is "$p" 10 "and queued their downloads at the schedule priority"
n=$(sql "SELECT count(*) FROM photo_cache WHERE photo_id = 'px_$U' AND user_id = :'v1'" "$OTHER")
is "$n" 0 "the other user got no entry"

api GET "/schedules/$S/photos?user_id=$U"
status_is 200 "GET /schedules/{id}/photos answers 200"
jq_is .in_force true "the schedule is in force"
jq_is '[.schedule_id,.frame_id,.playlist_id,.rotation_interval,.transition_duration]|join(",")' \
    "$S,f1,$PL,20,5" "with schedule_id, frame_id, playlist_id, rotation_interval, transition_duration"
jq_is '[.photos[].photo_id]|join(",")' "pa_$U,pb_$U,px_$U,pd_$U,pa_$U" \
    "the playlist's photos in order, duplicates kept, another user's id as one of U's own"
jq_is '.photos[0].version_id' "v_${U}_2" "a photo comes at its current version"
jq_is '.photos[0].url' "$(sed "s/{file_id}/pa_${U}_enh/" <<<"$STORAGE")" "with the storage URL of that version's file"
jq_is '.photos[1].version_id' null "a photo without versions has version_id null"
jq_is '.photos[1].url' "$(sed "s/{file_id}/pb_$U/" <<<"$STORAGE")" "and the storage URL of the photo itself"
jq_is '[.photos[2].version_id, .photos[2].url]|map(tostring)|join(" ")' "null $(sed "s/{file_id}/px_$U/" <<<"$STORAGE")" \
    "as has another user's id: U's storage, no version"
jq_is '[.photos[].cached]|unique|join(",")' false "nothing is cached yet"
jq_is '.photos[0].cache_id == .photos[4].cache_id' true "a repeated photo shares its entry"
PA=$(jq -r '.photos[0].cache_id' <<<"$BODY")
ok "$([[ $PA =~ ^cache_[0-9a-f]{24}$ ]] && echo 1)" "each photo names its pending cache entry"
ETAG=$(header ETag)
ok "$([[ $ETAG =~ ^\"[0-9a-f]{32}\"$ ]] && echo 1)" "the answer has a strong ETag"
is "$(header Cache-Control)" no-cache "and Cache-Control: no-cache"

api GET "/schedules/$S/photos?user_id=$U" "" -H "If-None-Match: $ETAG"
status_is 304 "the same ETag in If-None-Match gets 304 Not Modified"
is "$(header ETag)" "$ETAG" "with the ETag again"
# (curl leaves api's body file as it was when no body comes: count bytes here.)
is "$(curl -s -o /dev/null -w '%{size_download}' -H "If-None-Match: $ETAG" "$API/schedules/$S/photos?user_id=$U")" \
    0 "and no body"
api GET "/schedules/$S/photos?user_id=$U" "" -H "If-None-Match: \"x\", $ETAG"
status_is 304 "a list holding the ETag gets 304 too"
api GET "/schedules/$S/photos?user_id=$U" "" -H 'If-None-Match: "0123"'
status_is 200 "another ETag gets the body"

# The download of pa finishes: the frame gets the cached URL from nginx.
mark_cached "$PA" "pixels of pa"
api GET "/schedules/$S/photos?user_id=$U" "" -H "If-None-Match: $ETAG"
status_is 200 "once a photo is cached the old ETag no longer matches"
ok "$([ "$(header ETag)" != "$ETAG" ] && echo 1)" "the ETag changed"
jq_is '.photos[0].cached' true "the cached photo says cached"
jq_is '.photos[0].url' "$MEDIA_TEST_URL/cached/$U/f1/$PA.jpg" "its url is the cached URL"
jq_is '.photos[1].cached' false "the others still are not"
URL=$(jq -r '.photos[0].url' <<<"$BODY")
is "$(curl -s "$URL")" "pixels of pa" "nginx serves the cached URL"

# Expired: a new entry replaces it and its file goes (BR-M009).
sql "UPDATE photo_cache SET expires_at = now() - interval '1 second' WHERE cache_id = :'v1'" "$PA"
api GET "/schedules/$S/photos?user_id=$U"
jq_is '.photos[0].cached' false "an expired entry is not used"
PA2=$(jq -r '.photos[0].cache_id' <<<"$BODY")
ok "$([ "$PA2" != "$PA" ] && [ "$PA2" != null ] && echo 1)" "a new entry replaces it"
ok "$([ ! -e "$(cache_path "$U" f1 "$PA")" ] && echo 1)" "and the expired file is removed"
p=$(sql "SELECT priority FROM cache_jobs WHERE cache_id = :'v1'" "$PA2")
is "$p" 5 "a download the poll found missing is queued at the showing priority"
n=$(sql "SELECT count(*) FROM photo_cache WHERE cache_id = :'v1'" "$PA")
is "$n" 0 "the expired row is gone"

# A photo added later gets its entry at the next poll, once.
api POST "/playlists/$PL/photos?user_id=$U" "{\"photo_ids\":[\"pe_$U\"]}"
api GET "/schedules/$S/photos?user_id=$U"
jq_is '.photos[-1].photo_id' "pe_$U" "a photo added to the playlist shows at the next poll"
api GET "/schedules/$S/photos?user_id=$U"
n=$(sql "SELECT count(*) FROM photo_cache WHERE photo_id = 'pe_$U'")
is "$n" 1 "polling again creates no second entry"

# The manifest is kept for the next poll and follows every change.
n=$(sql "SELECT count(*) FROM schedule_manifests WHERE schedule_id = :'v1'" "$S")
is "$n" 1 "a complete manifest is kept for the next poll"
sql "UPDATE photo_versions SET is_current = false WHERE version_id = 'v_${U}_2';
     INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type, file_id,
       is_current, version_number) VALUES ('v_${U}_3', 'pa_$U', :'v1', 'edit', 'user_edited', 'pa_${U}_ed', true, 3)" "$U"
api GET "/schedules/$S/photos?user_id=$U"
jq_is '.photos[0].version_id' "v_${U}_3" "a new current version shows at the next poll"
api PUT "/schedules/$S?user_id=$U" '{"rotation_interval":45}'
api GET "/schedules/$S/photos?user_id=$U"
jq_is .rotation_interval 45 "a schedule change shows at the next poll"
api PUT "/playlists/$PL?user_id=$U" '{"transition_duration":9}'
api GET "/schedules/$S/photos?user_id=$U"
jq_is .transition_duration 9 "a playlist change shows at the next poll"
api POST "/schedules?user_id=$U" "{\"frame_id\":\"f3\",\"playlist_id\":\"$PL\",\"schedule_type\":\"time_based\",
    \"start_time\":\"00:00\",\"end_time\":\"00:00\",\"days_of_week\":[0,1,2,3,4,5,6]}"
S3=$(jq -r .schedule_id <<<"$BODY")
api GET "/schedules/$S3/photos?user_id=$U"
api GET "/schedules/$S3/photos?user_id=$U"
jq_is .in_force true "a whole-day, every-day window is in force"
n=$(sql "SELECT count(*) FROM schedule_manifests WHERE schedule_id = :'v1'
         AND valid_until <= date_trunc('minute', now()) + interval '1 minute'" "$S3")
is "$n" 1 "a time_based manifest is kept until the next minute at most"

# Not in force: no photos, nothing queued.
api POST "/schedules?user_id=$U" "{\"frame_id\":\"f2\",\"playlist_id\":\"$PL\",\"is_active\":false}"
S2=$(jq -r .schedule_id <<<"$BODY")
n=$(sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'f2'" "$U")
is "$n" 0 "an inactive schedule queues nothing"
api GET "/schedules/$S2/photos?user_id=$U"
status_is 200 "a schedule not in force still answers 200"
jq_is .in_force false "with in_force false"
jq_is '.photos|length' 0 "and no photos"
api POST "/cache?user_id=$U" "{\"frame_id\":\"f2\",\"photo_id\":\"pb_$U\"}"
api PUT "/schedules/$S2?user_id=$U" '{"is_active":true}'
n=$(sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND frame_id = 'f2' AND cache_status IN ('pending', 'downloading')" "$U")
is "$n" 5 "activating it queues the whole playlist"
p=$(sql "SELECT string_agg(DISTINCT j.priority::text, ',') FROM cache_jobs j JOIN photo_cache c USING (cache_id)
         WHERE c.user_id = :'v1' AND c.frame_id = 'f2'" "$U")
is "$p" 10 "all at the schedule priority, a plain POST /cache's job raised too (BR-M008)"

# Isolation and EC-M004.
api GET "/schedules/$S/photos?user_id=$OTHER"
status_is 404 "another user cannot see the frame's photos"
api GET "/schedules/sched_000000000000000000000000/photos?user_id=$U"
status_is 404 "a missing schedule is a 404"
api DELETE "/playlists/$PL?user_id=$U"
api GET "/schedules/$S/photos?user_id=$U"
status_is 404 "a schedule whose playlist was deleted answers 404 (EC-M004)"
jq_is .code not_found "with code not_found"

done_testing
