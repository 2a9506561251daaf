#!/usr/bin/env bash
# frames-isolation.t: a frame id belongs to its user (issue 9, contract §2):
# two users with the same frame id are independent, and another user's
# frame answers exactly as a missing one does.
. "$(dirname "$0")/../lib/tap.sh"

A=$(new_user)
B=$(new_user)
api PUT "/frames/living-room?user_id=$A" '{"display_width":1920,"display_height":1080,"name":"A"}'
status_is 200 "user A creates living-room"
api PUT "/frames/living-room?user_id=$B" '{"display_width":800,"display_height":480,"fit":"cover","name":"B"}'
status_is 200 "user B creates a living-room of its own"
jq_is '[.user_id, .name, .display_width]|map(tostring)|join(",")' "$B,B,800" "B's frame is B's"
api GET "/frames/living-room?user_id=$A"
jq_is '[.user_id, .name, .display_width, .fit]|map(tostring)|join(",")' "$A,A,1920,contain" \
    "A's living-room is unchanged by B's"
api PUT "/frames/living-room?user_id=$B" '{"display_height":600}'
api GET "/frames/living-room?user_id=$A"
jq_is .display_height 1080 "B's update leaves A's frame alone"
api GET "/frames?user_id=$A"
is "$(jq -r 'map(.user_id)|unique|join(",")'  <<<"$BODY") $(header X-Total-Count)" "$A 1" "A lists only its own frame"
api DELETE "/frames/living-room?user_id=$B"
status_is 204 "B deletes its living-room"
api GET "/frames/living-room?user_id=$A"
status_is 200 "A's living-room stays"

# Another user's frame answers exactly as a missing one (never 403).
C=$(new_user)
same() {	# same DESC METHOD PATH_OF_A PATH_MISSING [BODY]: identical status and body
	local m=$2 body=${5-}
	api "$m" "$3" "$body"; local got="$STATUS $BODY"
	api "$m" "$4" "$body"; local want="$STATUS $BODY"
	is "$got" "$want" "$1 ($want)"
}
same "GET of another user's frame answers as a missing one" GET \
    "/frames/living-room?user_id=$C" "/frames/nowhere?user_id=$C"
api GET "/frames/living-room?user_id=$C"
status_is 404 "which is a 404"
same "a partial PUT of another user's frame answers as one of a missing frame" PUT \
    "/frames/living-room?user_id=$C" "/frames/nowhere?user_id=$C" '{"name":"mine now"}'
api PUT "/frames/living-room?user_id=$C" '{"name":"mine now"}'
is "$STATUS $(jq -r .field <<<"$BODY")" "400 display_width" \
    "which is the 400 of a new frame without sizes: nothing says A's frame exists"
same "DELETE of another user's frame answers as a missing one" DELETE \
    "/frames/living-room?user_id=$C" "/frames/nowhere?user_id=$C"
api DELETE "/frames/living-room?user_id=$C"
status_is 404 "which is a 404"
api GET "/frames/living-room?user_id=$A"
jq_is '[.name, .display_width]|map(tostring)|join(",")' "A,1920" "and A's frame is untouched by them all"
api PUT "/frames/living-room?user_id=$C" '{"display_width":640,"display_height":480}'
jq_is '[.user_id, .display_width]|map(tostring)|join(",")' "$C,640" "a full PUT by another user creates that user's own frame"
api GET "/frames/living-room?user_id=$A"
jq_is .display_width 1920 "still leaving A's alone"
done_testing
