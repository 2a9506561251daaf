#!/usr/bin/env bash
# body-duplicate-keys.t: a body with a key twice in one object, at any
# depth, is a 400 validation_error naming the key, on every route with a
# body (issue 10, finding 7): the C validators read the first, PostgreSQL's
# jsonb keeps the last, so a body could pass a rule with one value and
# store the other.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"target"}'
PL=$(jq -r .playlist_id <<<"$BODY")

# dup FIELD DESC METHOD PATH BODY
dup() {
	local field=$1 desc=$2
	shift 2
	api "$@"
	is "$STATUS/$(jq -r .code <<<"$BODY" 2>/dev/null)/$(jq -r .field <<<"$BODY" 2>/dev/null)" \
	    "400/validation_error/$field" "$desc"
}

dup smart_criteria.max_photos "BR-M004's cap cannot be passed with a second max_photos" \
    POST "/playlists?user_id=$U" \
    '{"name":"c","playlist_type":"ai_curated","smart_criteria":{"max_photos":5,"max_photos":100000}}'
is "$(sql "SELECT count(*) FROM playlists WHERE user_id = :'v1' AND name = 'c'" "$U")" 0 \
    "and nothing is stored"
dup name "POST /playlists: a top-level key twice" \
    POST "/playlists?user_id=$U" '{"name":"a","name":"b"}'
dup name "PUT /playlists/{id}" PUT "/playlists/$PL?user_id=$U" '{"name":"a","name":"b"}'
dup photo_ids "POST /playlists/{id}/photos" \
    POST "/playlists/$PL/photos?user_id=$U" '{"photo_ids":["p1"],"photo_ids":["p2"]}'
dup full_metadata.a.b "PUT /metadata/{id}: two levels down" \
    PUT "/metadata/${U}_f1?user_id=$U" '{"full_metadata":{"a":{"b":1,"b":2}}}'
dup 'full_metadata.list[1].k' "PUT /metadata/{id}: in an object inside an array" \
    PUT "/metadata/${U}_f1?user_id=$U" '{"full_metadata":{"list":[{"k":1},{"k":1,"k":2}]}}'
dup limit "POST /metadata/query" POST "/metadata/query?user_id=$U" '{"limit":1,"limit":2}'
dup frame_id "POST /schedules" POST "/schedules?user_id=$U" \
    "{\"frame_id\":\"f1\",\"frame_id\":\"f2\",\"playlist_id\":\"$PL\"}"
api POST "/schedules?user_id=$U" "{\"frame_id\":\"f1\",\"playlist_id\":\"$PL\"}"
S=$(jq -r .schedule_id <<<"$BODY")
dup priority "PUT /schedules/{id}" PUT "/schedules/$S?user_id=$U" '{"priority":1,"priority":2}'
dup processing_params.x "POST /photos/{id}/versions" POST "/photos/${U}_p1/versions?user_id=$U" \
    '{"version_name":"v","version_type":"original","file_id":"f1","processing_params":{"x":1,"x":2}}'
dup frame_id "POST /cache" POST "/cache?user_id=$U" '{"frame_id":"f1","frame_id":"f2","photo_id":"'"$U"'_p1"}'

api PUT "/metadata/${U}_f2?user_id=$U" '{"full_metadata":{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}}'
status_is 200 "the same key in two different objects is fine"
api PUT "/metadata/${U}_f2?user_id=$U" '{"full_metadata":{"k":1,"K":2}}'
status_is 200 "keys that differ in case are two keys, as in jsonb"
is "$(sql "SELECT full_metadata->>'K' FROM photo_metadata WHERE user_id = :'v1' AND file_id = :'v2'" "$U" "${U}_f2")" 2 \
    "and both are kept"

done_testing
