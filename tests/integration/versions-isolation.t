#!/usr/bin/env bash
# versions-isolation.t: a photo is keyed by its owner (sql/051): another
# user's versions answer 404 exactly like missing ones and stay untouched,
# and another user's photo id is, for the caller, a photo of its own.
. "$(dirname "$0")/../lib/tap.sh"

A=$(new_user)
B=$(new_user)
P=photo_$A

api POST "/photos/$P/versions?user_id=$A" '{"version_name":"o","version_type":"original","file_id":"'"$P"'"}'
V=$(jq -r .version_id <<<"$BODY")

api GET "/photos/$P/versions?user_id=$B"
is "$STATUS $BODY" "200 []" "another user's photo reads as one without versions: 200 []"
api GET "/photos/$P/versions/$V?user_id=$B"
status_is 404 "another user's version answers 404"
jq_is .code not_found "with code not_found"
api PUT "/photos/$P/versions/$V/current?user_id=$B"
status_is 404 "another user cannot make a version current"
api DELETE "/photos/$P/versions/$V?user_id=$B"
status_is 404 "another user cannot delete a version"
api POST "/photos/$P/versions?user_id=$B" '{"version_name":"x","version_type":"user_edited","file_id":"fx"}'
status_is 201 "a version for another user's photo id makes the caller's own photo"
jq_is '[.user_id, .version_number]|map(tostring)|join(",")' "$B,1" "numbered from 1, the caller's"
api GET "/photos/$P/versions?user_id=$A"
jq_is 'length' 1 "the owner still has exactly its one version"
jq_is '.[0].is_current' true "and it is still current"

# A photo whose metadata is another user's: the caller's own photo too.
M=meta_$A
api PUT "/metadata/$M?user_id=$A" '{"ai_labels":["x"]}'
api POST "/photos/$M/versions?user_id=$B" '{"version_name":"x","version_type":"original","file_id":"'"$M"'"}'
status_is 201 "a version for a photo id whose metadata is another user's is the caller's"

api GET "/photos/$P/versions" "" -H 'X-Internal-Call: true'
is "$STATUS $(jq -r .field <<<"$BODY")" "400 user_id" "an internal call names the photo's owner (400 without user_id)"
api GET "/photos/$P/versions?user_id=$A" "" -H 'X-Internal-Call: true'
jq_is 'length' 1 "and with it reads that user's versions"

done_testing
