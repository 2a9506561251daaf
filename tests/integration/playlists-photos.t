#!/usr/bin/env bash
# playlists-photos.t: adding and removing photos of a manual playlist
# (BR-M003, BR-M004 limit of 1000, EC-M002 duplicates).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"m","photo_ids":["p1"]}'
PL=$(jq -r .playlist_id <<<"$BODY")

api POST "/playlists/$PL/photos?user_id=$U" '{"photo_ids":["p2","p1","p3"]}'
status_is 200 "POST /playlists/{id}/photos answers 200"
jq_is '.photo_ids|join(",")' "p1,p2,p1,p3" "photos are appended in order, duplicates kept (EC-M002)"
jq_is .photo_count 4 "photo_count follows"

api DELETE "/playlists/$PL/photos/p1?user_id=$U"
status_is 200 "DELETE /playlists/{id}/photos/{photo} answers 200"
jq_is '.photo_ids|join(",")' "p2,p3" "every occurrence is removed"
api DELETE "/playlists/$PL/photos/p1?user_id=$U"
status_is 404 "removing a photo that is not there is a 404"
jq_is .code not_found "with code not_found"

api POST "/playlists/$PL/photos?user_id=$U" '{"photo_ids":[]}'
status_is 400 "an empty photo_ids list is refused"
api POST "/playlists/$PL/photos?user_id=$U" '{}'
status_is 400 "a body without photo_ids is refused"
api POST "/playlists/$PL/photos?user_id=$U" '{"photo_ids":["ok","../../etc/passwd"]}'
status_is 400 "a malicious photo id is refused"
jq_is '.photo_ids' null "(the error body carries no playlist)"
api GET "/playlists/$PL?user_id=$U"
jq_is '.photo_ids|join(",")' "p2,p3" "and nothing was half-written"

# BR-M004: at most 1000 photos, also when appending.
ids998=$(jq -nc '[range(998) | "x\(.)"]')
api POST "/playlists/$PL/photos?user_id=$U" "{\"photo_ids\":$ids998}"
status_is 200 "appending up to exactly 1000 photos works"
jq_is .photo_count 1000 "the playlist holds 1000"
api POST "/playlists/$PL/photos?user_id=$U" '{"photo_ids":["one-too-many"]}'
status_is 400 "the 1001st photo is refused"
jq_is .detail "Playlist exceeds maximum of 1000 photos" "with the contract's message"
api GET "/playlists/$PL?user_id=$U"
jq_is .photo_count 1000 "and the playlist still holds 1000"

ids1001=$(jq -nc '[range(1001) | "y\(.)"]')
api POST "/playlists?user_id=$U" "{\"name\":\"big\",\"photo_ids\":$ids1001}"
status_is 400 "creating with 1001 photos is refused"
jq_is .detail "Playlist exceeds maximum of 1000 photos" "with the contract's message"
ids1000=$(jq -nc '[range(1000) | "y\(.)"]')
api POST "/playlists?user_id=$U" "{\"name\":\"big\",\"photo_ids\":$ids1000}"
status_is 201 "creating with 1000 photos works"

# Concurrent appends never pass the limit.
api POST "/playlists?user_id=$U" "{\"name\":\"race\",\"photo_ids\":$(jq -nc '[range(990) | "r\(.)"]')}"
RACE=$(jq -r .playlist_id <<<"$BODY")
for i in $(seq 20); do
	curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
	    --data '{"photo_ids":["c1"]}' "$API/playlists/$RACE/photos?user_id=$U" &
done
wait
api GET "/playlists/$RACE?user_id=$U"
jq_is .photo_count 1000 "20 concurrent appends to 990 photos stop at exactly 1000"

done_testing
