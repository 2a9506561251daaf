#!/usr/bin/env bash
# metadata-crud.t: GET and the partial upsert PUT of a photo's metadata
# (contract §3.2) and its media.metadata.updated event.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
F=file_$U

api GET "/metadata/$F?user_id=$U"
status_is 404 "GET metadata of an unknown photo answers 404"

api PUT "/metadata/$F?user_id=$U" '{"ai_labels":["beach","sunset"],"ai_objects":["dog"],"ai_scenes":["outdoor"],"ai_colors":["blue"],"face_detection":{"count":2},"text_detection":{"text":"hi"},"quality_score":0.85,"blur_score":0.1,"brightness":0.5,"contrast":0.4,"location_name":"Paris, France","latitude":48.8566,"longitude":2.3522,"photo_taken_at":"2025-06-01T14:00:00+02:00","camera_make":"Canon","camera_model":"EOS R5","lens_model":"RF 24-70","focal_length":"50mm","aperture":"f/2.8","shutter_speed":"1/250","iso":200,"flash_used":false,"width":4000,"height":3000,"exif_orientation":1,"full_metadata":{"source":"test"}}'
status_is 200 "PUT creates the metadata and answers 200"
jq_is .file_id "$F" "the row is the photo's"
jq_is .user_id "$U" "and the caller's"
jq_is '.ai_labels|join(",")' "beach,sunset" "ai_labels are stored"
jq_is .quality_score 0.85 "quality_score is stored"
jq_is .latitude 48.8566 "latitude is stored"
jq_is .photo_taken_at "2025-06-01T12:00:00Z" "photo_taken_at is returned in RFC 3339 UTC"
jq_is .camera_make Canon "EXIF columns are stored"
jq_is .iso 200 "iso is stored"
jq_is .face_detection.count 2 "face_detection is stored"
jq_is .full_metadata.source test "full_metadata is stored"

api GET "/metadata/$F?user_id=$U"
status_is 200 "GET answers 200"
cols=$(sql "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 'photo_metadata'")
jq_is 'keys|sort|join(",")' "$cols" "with every column of photo_metadata"
jq_is '.width,.height|tostring' "$(printf '4000\n3000')" "width and height included"
ok "$(jq -r .created_at <<<"$BODY" | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' && echo 1)" \
    "created_at is RFC 3339 UTC"

api PUT "/metadata/$F?user_id=$U" '{"quality_score":0.3,"ai_labels":["city"],"unknown_field":1}'
status_is 200 "a partial PUT answers 200"
jq_is .quality_score 0.3 "the given fields change"
jq_is '.ai_labels|join(",")' "city" "arrays are replaced"
jq_is .camera_make Canon "the other fields stay"
jq_is '.ai_scenes|join(",")' "outdoor" "other arrays stay"
jq_is 'has("unknown_field")' false "unknown fields are ignored"

api PUT "/metadata/$F?user_id=$U" '{"face_detection":null,"location_name":null}'
jq_is .face_detection null "null clears a nullable field"
jq_is .location_name null "location_name too"
jq_is .latitude 48.8566 "and nothing else"

api PUT "/metadata/$F?user_id=$U" '{}'
status_is 200 "an empty PUT answers 200"

api PUT "/metadata/$F?user_id=$U" '{"quality_score":1,"latitude":-90,"longitude":180}'
status_is 200 "the range ends are accepted"
jq_is '[.quality_score,.latitude,.longitude]|map(tostring)|join(",")' "1,-90,180" "and stored"

# Internal calls name the owner: a photo is keyed by its user (sql/051).
api PUT "/metadata/$F?user_id=$U" '{"blur_score":0.2}' -H 'X-Internal-Call: true'
status_is 200 "an internal call with the owner's user_id updates the row"
jq_is .user_id "$U" "which keeps its owner"
api PUT "/metadata/$F" '{"blur_score":0.2}' -H 'X-Internal-Call: true'
is "$STATUS $(jq -r .field <<<"$BODY")" "400 user_id" "an internal call without user_id is a 400 naming user_id"

# Outbox: one media.metadata.updated per successful PUT.
n=$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.metadata.updated'" "$F")
is "$n" 6 "each of the 6 PUTs wrote media.metadata.updated"
ev=$(sql "SELECT payload FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.metadata.updated' ORDER BY id LIMIT 1" "$F")
is "$(jq -c '[.file_id,.user_id,.ai_labels,.quality_score]' <<<"$ev")" "[\"$F\",\"$U\",[\"beach\",\"sunset\"],0.85]" \
    "the event carries file_id, user_id, ai_labels and quality_score"

# One patch for the API and the listener (media_metadata_patch):
# full_metadata's keys are merged into the row's, never wiped.
G=merge_$U
m0=$(sql "SELECT coalesce(max(id), 0) FROM outbox")
api PUT "/metadata/$G?user_id=$U" '{"full_metadata":{"a":1,"k":"old"}}'
is "$(sql "SELECT count(*) FROM outbox WHERE id > :'v1' AND aggregate_id = :'v2'
    AND event_type = 'media.metadata.updated'" "$m0" "$G")" 1 \
    "a PUT that creates the row writes one media.metadata.updated"
api PUT "/metadata/$G?user_id=$U" '{"full_metadata":{"b":2,"k":"new"},"quality_score":0.3}'
jq_is '.full_metadata|[.a,.b,.k]|map(tostring)|join(",")' "1,2,new" \
    "a second PUT's full_metadata keys are merged into the first's"
api PUT "/metadata/$G?user_id=$U" '{"face_detection":null}'
jq_is '[.quality_score, .full_metadata.a, .face_detection]|map(tostring)|join(",")' "0.3,1,null" \
    "a PUT without full_metadata keeps it and the other columns; null clears a column"

done_testing
