#!/usr/bin/env bash
# versions-isolation.t: another user's photo and versions answer 404,
# exactly like missing ones, and stay untouched.
. "$(dirname "$0")/../lib/tap.sh"

A=$(new_user)
B=$(new_user)
P=photo_$A

api POST "/photos/$P/versions?user_id=$A" '{"version_name":"o","version_type":"original","file_id":"'"$P"'"}'
V=$(jq -r .version_id <<<"$BODY")

api GET "/photos/$P/versions?user_id=$B"
status_is 404 "another user's photo's versions answer 404"
jq_is .code not_found "with code not_found"
api GET "/photos/$P/versions/$V?user_id=$B"
status_is 404 "another user's version answers 404"
api PUT "/photos/$P/versions/$V/current?user_id=$B"
status_is 404 "another user cannot make a version current"
api DELETE "/photos/$P/versions/$V?user_id=$B"
status_is 404 "another user cannot delete a version"
api POST "/photos/$P/versions?user_id=$B" '{"version_name":"x","version_type":"user_edited","file_id":"fx"}'
status_is 404 "another user cannot add a version to the photo"
api GET "/photos/$P/versions?user_id=$A"
jq_is 'length' 1 "the owner still has exactly its one version"
jq_is '.[0].is_current' true "and it is still current"

# A photo whose metadata belongs to another user is another user's photo.
M=meta_$A
api PUT "/metadata/$M?user_id=$A" '{"ai_labels":["x"]}'
api POST "/photos/$M/versions?user_id=$B" '{"version_name":"x","version_type":"original","file_id":"'"$M"'"}'
status_is 404 "a version for a photo whose metadata is another user's answers 404"

api GET "/photos/$P/versions" "" -H 'X-Internal-Call: true'
status_is 200 "an internal call reads any user's versions"
jq_is 'length' 1 "and sees them"

done_testing
