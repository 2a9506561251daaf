#!/usr/bin/env bash
# playlists-isolation.t: a user never sees or changes another user's
# playlists: 404 exactly like a missing one (contract §2); internal calls.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
V=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"private","photo_ids":["p1"]}'
PL=$(jq -r .playlist_id <<<"$BODY")

api GET "/playlists/$PL?user_id=$V"
status_is 404 "another user's playlist reads as missing"
missing=$BODY
api GET "/playlists/pl_ffffffffffffffffffffffff?user_id=$V"
is "$BODY" "$missing" "with exactly the body of a missing one (no 403)"
api PUT "/playlists/$PL?user_id=$V" '{"name":"stolen"}'
status_is 404 "another user cannot rename it"
api POST "/playlists/$PL/photos?user_id=$V" '{"photo_ids":["x"]}'
status_is 404 "another user cannot add photos"
api DELETE "/playlists/$PL/photos/p1?user_id=$V"
status_is 404 "another user cannot remove photos"
api DELETE "/playlists/$PL?user_id=$V"
status_is 404 "another user cannot delete it"
api GET "/playlists?user_id=$V"
jq_is length 0 "another user's list does not include it"

api GET "/playlists/$PL?user_id=$U"
jq_is .name private "the owner still has it unchanged"
jq_is '.photo_ids|join(",")' p1 "photos unchanged"

# X-Internal-Call from an internal address (loopback) acts across users.
api GET "/playlists/$PL" '' -H 'X-Internal-Call: true'
status_is 200 "an internal call reads a playlist without user_id"
jq_is .user_id "$U" "and sees its owner"
api GET "/playlists/$PL" '' -H 'X-Internal-Call: yes'
status_is 400 "X-Internal-Call must say true"
api POST "/playlists" '{"name":"x"}' -H 'X-Internal-Call: true'
status_is 400 "an internal create still needs the owner's user_id"
jq_is .field user_id "  naming user_id"
# A create's route has R_USER (shared/route.h): the loop asks for user_id
# before the handler reads the body, for each function that creates rows.
for create in "/playlists {\"name\":\"\"}" "/schedules {\"frame_id\":\"\"}" "/cache {\"photo_id\":\"\"}"; do
	api POST "${create%% *}" "${create#* }" -H 'X-Internal-Call: true'
	is "$STATUS $(jq -r .field <<<"$BODY")" "400 user_id" \
	    "an internal POST ${create%% *} without user_id names user_id, before the bad body"
done

done_testing
