#!/usr/bin/env bash
# metadata-isolation.t: metadata is keyed by its owner (sql/051): another
# user's answers 404 like a missing one, is never overwritten, and never
# shows in a query; another user writing the same file_id writes its own.
. "$(dirname "$0")/../lib/tap.sh"

A=$(new_user)
B=$(new_user)
F=file_$A

api PUT "/metadata/$F?user_id=$A" '{"ai_labels":["secret"],"quality_score":0.9}'
status_is 200 "the owner creates the metadata"

api GET "/metadata/$F?user_id=$B"
status_is 404 "another user's metadata answers 404"
jq_is .code not_found "with code not_found"
api PUT "/metadata/$F?user_id=$B" '{"ai_labels":["mine"]}'
status_is 200 "another user's PUT for that file_id makes its own row"
jq_is '[.user_id, (.ai_labels|join(",")), .quality_score]|map(tostring)|join(",")' "$B,mine,null" \
    "which has nothing of the owner's"
api GET "/metadata/$F?user_id=$A"
jq_is '.ai_labels|join(",")' secret "the owner's data is untouched"
jq_is .user_id "$A" "and still the owner's"

api POST "/metadata/query?user_id=$B" '{"ai_labels_contains":["secret"]}'
jq_is '.photo_ids|length' 0 "another user's photos never match a query"

# A photo whose versions belong to another user: the caller's own metadata.
P=photo_$A
api POST "/photos/$P/versions?user_id=$A" '{"version_name":"o","version_type":"original","file_id":"'"$P"'"}'
api PUT "/metadata/$P?user_id=$B" '{"ai_labels":["mine"]}'
status_is 200 "metadata for a photo id whose versions are another user's is the caller's"
n=$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.metadata.updated'
         AND payload->>'user_id' = :'v2'" "$P" "$A")
is "$n" 0 "and wrote no event for the other user"

done_testing
