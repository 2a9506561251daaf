#!/usr/bin/env bash
# playlists-crud.t: create, read, list, update and delete playlists (contract §3.3).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)

api POST "/playlists?user_id=$U" '{"name":"Summer","description":"beach days","photo_ids":["p1","p2","p1"]}'
status_is 201 "POST /playlists answers 201"
PL=$(jq -r .playlist_id <<<"$BODY")
ok "$([[ $PL =~ ^pl_[0-9a-f]{24}$ ]] && echo 1)" "the id is pl_ + 24 hex chars"
jq_is .playlist_type manual "playlist_type defaults to manual"
jq_is .photo_count 3 "photo_count counts duplicates (EC-M002)"
jq_is '.photo_ids|join(",")' "p1,p2,p1" "photo_ids keep order and duplicates"
jq_is .shuffle false "shuffle defaults to false"
jq_is .loop true "loop defaults to true"
jq_is .transition_duration 5 "transition_duration defaults to 5"
jq_is .user_id "$U" "the playlist belongs to the caller"
ok "$(jq -r .created_at <<<"$BODY" | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' && echo 1)" \
    "created_at is RFC 3339 UTC"
is "$(header Content-Type)" "application/json" "the response is JSON"

api GET "/playlists/$PL?user_id=$U"
status_is 200 "GET /playlists/{id} answers 200"
jq_is .name Summer "and returns the playlist"
jq_is .photo_count 3 "with photo_count"

api POST "/playlists?user_id=$U" '{"name":"Winter","playlist_type":"MANUAL","shuffle":true,"loop":false,"transition_duration":60}'
status_is 201 "an upper-case playlist_type is accepted"
PL2=$(jq -r .playlist_id <<<"$BODY")
jq_is .playlist_type manual "and stored lowercase"
jq_is .transition_duration 60 "transition_duration 60 is accepted"

api GET "/playlists?user_id=$U"
status_is 200 "GET /playlists answers 200"
jq_is length 2 "it lists the user's two playlists"
jq_is '.[0].playlist_id' "$PL2" "newest first"
is "$(header X-Total-Count)" 2 "X-Total-Count is the total"

api GET "/playlists?user_id=$U&limit=1&offset=1"
jq_is length 1 "limit=1 gives one"
jq_is '.[0].playlist_id' "$PL" "offset=1 skips the newest"
is "$(header X-Total-Count)" 2 "X-Total-Count is still the total"

api GET "/playlists?user_id=$U&offset=10"
jq_is length 0 "an offset past the end gives []"
is "$(header X-Total-Count)" 2 "and still the total"

api GET "/playlists?user_id=$U&playlist_type=smart"
jq_is length 0 "the playlist_type filter applies"

api PUT "/playlists/$PL?user_id=$U" '{"name":"Summer 2025","shuffle":true}'
status_is 200 "PUT /playlists/{id} answers 200"
jq_is .name "Summer 2025" "the name changed"
jq_is .shuffle true "shuffle changed"
jq_is .description "beach days" "untouched fields stay"
jq_is '.photo_ids|length' 3 "photo_ids stay"

api PUT "/playlists/$PL?user_id=$U" '{"description":null,"photo_ids":["x"]}'
jq_is .description null "description can be cleared with null"
jq_is '.photo_ids|join(",")' "x" "a manual playlist's photo_ids can be replaced"

api PUT "/playlists/$PL?user_id=$U" '{"playlist_type":"smart"}'
status_is 400 "the type of a playlist cannot change"
jq_is .field playlist_type "and the error names the field"

api DELETE "/playlists/$PL?user_id=$U"
status_is 204 "DELETE /playlists/{id} answers 204"
is "$BODY" "" "with no body"
api GET "/playlists/$PL?user_id=$U"
status_is 404 "the deleted playlist is gone"
jq_is .code not_found "with code not_found"
api DELETE "/playlists/$PL?user_id=$U"
status_is 404 "deleting it again is a 404"

# Outbox: every create, update and delete wrote media.playlist.updated.
n=$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.playlist.updated'" "$PL")
is "$n" 4 "create + 2 updates + delete wrote 4 events (the refused update none)"
last=$(sql "SELECT payload FROM outbox WHERE aggregate_id = :'v1' ORDER BY id DESC LIMIT 1" "$PL")
is "$(jq -r .deleted <<<"$last")" true "the delete event says deleted"
first=$(sql "SELECT payload FROM outbox WHERE aggregate_id = :'v1' ORDER BY id LIMIT 1" "$PL")
is "$(jq -r '[.playlist_id,.user_id,.photo_count,.playlist_type]|join(",")' <<<"$first")" \
    "$PL,$U,3,manual" "the create event carries playlist_id, user_id, photo_count, playlist_type"

done_testing
