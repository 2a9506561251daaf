#!/usr/bin/env bash
# metadata-smart.t: smart playlists follow the photos (BR-M007): a metadata
# change adds the photo where it now matches and removes it where it no
# longer does, with media.playlist.updated for each changed playlist only.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
V=$(new_user)
F=file_$U

smart() {	# smart USER CRITERIA: a new smart playlist's id
	api POST "/playlists?user_id=$1" '{"name":"s","playlist_type":"smart","smart_criteria":'"$2"'}'
	jq -r .playlist_id <<<"$BODY"
}
photos() {	# photos PLAYLIST USER: its photo_ids, comma-separated
	api GET "/playlists/$1?user_id=$2"
	jq -r '.photo_ids|join(",")' <<<"$BODY"
}
events_since() {	# events_since ID PLAYLIST: its media.playlist.updated count after ID
	sql "SELECT count(*) FROM outbox WHERE id > :'v1' AND aggregate_id = :'v2' AND event_type = 'media.playlist.updated'" "$1" "$2"
}
mark() { sql "SELECT coalesce(max(id), 0) FROM outbox"; }

BEACH=$(smart "$U" '{"ai_labels_contains":["beach"]}')
api GET "/playlists/$BEACH?user_id=$U"
jq_is .photo_count 0 "a smart playlist matching nothing is created empty (EC-M001)"
GOOD=$(smart "$U" '{"quality_score_min":0.8}')
NOBEACH=$(smart "$U" '{"exclude_labels":["beach"]}')
api POST "/playlists?user_id=$U" '{"name":"m","photo_ids":["x"]}'
MANUAL=$(jq -r .playlist_id <<<"$BODY")
OTHER=$(smart "$V" '{"ai_labels_contains":["beach"]}')

m=$(mark)
api PUT "/metadata/$F?user_id=$U" '{"ai_labels":["beach"],"quality_score":0.5}'
status_is 200 "PUT of a new photo's metadata answers 200"
is "$(photos "$BEACH" "$U")" "$F" "the photo is added to the smart playlist it now matches"
is "$(photos "$GOOD" "$U")" "" "and not to one it does not match"
is "$(photos "$NOBEACH" "$U")" "" "exclude_labels keeps it out"
is "$(photos "$MANUAL" "$U")" "x" "a manual playlist is untouched"
is "$(photos "$OTHER" "$V")" "" "another user's smart playlist is untouched"
is "$(events_since "$m" "$BEACH")" 1 "the changed playlist got one media.playlist.updated"
ev=$(sql "SELECT payload FROM outbox WHERE id > :'v1' AND aggregate_id = :'v2'" "$m" "$BEACH")
is "$(jq -r '[.playlist_id,.user_id,.photo_count,.playlist_type]|join(",")' <<<"$ev")" "$BEACH,$U,1,smart" \
    "carrying playlist_id, user_id, the new photo_count and playlist_type"
is "$(events_since "$m" "$GOOD")$(events_since "$m" "$NOBEACH")$(events_since "$m" "$MANUAL")$(events_since "$m" "$OTHER")" \
    "0000" "unchanged playlists got no event"
order=$(sql "SELECT string_agg(event_type, ',' ORDER BY id) FROM outbox WHERE id > :'v1'" "$m")
is "$order" "media.metadata.updated,media.playlist.updated" \
    "media.metadata.updated is written first, then the playlist event"

m=$(mark)
api PUT "/metadata/$F?user_id=$U" '{"quality_score":0.9}'
is "$(photos "$GOOD" "$U")" "$F" "a better score adds the photo to the quality playlist"
is "$(photos "$BEACH" "$U")" "$F" "it stays, once, where it still matches"
is "$(events_since "$m" "$GOOD"):$(events_since "$m" "$BEACH")" "1:0" "only the changed playlist got an event"

m=$(mark)
api PUT "/metadata/$F?user_id=$U" '{"ai_labels":["city"]}'
is "$(photos "$BEACH" "$U")" "" "the photo is removed where it no longer matches"
is "$(photos "$NOBEACH" "$U")" "$F" "and added where it now matches"
is "$(photos "$GOOD" "$U")" "$F" "and kept where it still matches"
is "$(events_since "$m" "$BEACH"):$(events_since "$m" "$NOBEACH"):$(events_since "$m" "$GOOD")" "1:1:0" \
    "the two changed playlists got one event each, the unchanged none"
ev=$(sql "SELECT payload FROM outbox WHERE id > :'v1' AND aggregate_id = :'v2'" "$m" "$BEACH")
is "$(jq -r .photo_count <<<"$ev")" 0 "the removal's event has photo_count 0"

m=$(mark)
api PUT "/metadata/$F?user_id=$U" '{"ai_labels":["city"]}'
n=$(sql "SELECT count(*) FROM outbox WHERE id > :'v1' AND event_type = 'media.playlist.updated'" "$m")
is "$n" 0 "a PUT that changes no membership writes no playlist event"

# EC-M003: new criteria replace photo_ids.
api PUT "/playlists/$BEACH?user_id=$U" '{"smart_criteria":{"ai_labels_contains":["city"]}}'
jq_is '.photo_ids|join(",")' "$F" "new criteria re-populate the playlist (EC-M003)"

# Many playlists: one PUT re-checks them all.
for i in $(seq 30); do smart "$U" '{"ai_scenes_contains":["mountain"]}' >/dev/null; done
m=$(mark)
api PUT "/metadata/$F?user_id=$U" '{"ai_scenes":["mountain"]}'
n=$(sql "SELECT count(*) FROM outbox WHERE id > :'v1' AND event_type = 'media.playlist.updated'" "$m")
is "$n" 30 "one PUT adds the photo to all 30 matching playlists"
n=$(sql "SELECT count(*) FROM playlists WHERE user_id = :'v1' AND smart_criteria @> '{\"ai_scenes_contains\":[\"mountain\"]}' AND photo_ids = jsonb_build_array(:'v2'::text)" "$U" "$F")
is "$n" 30 "each holds the photo once"

# The re-check commits with the metadata or not at all.
m=$(mark)
api PUT "/metadata/$F?user_id=$U" '{"ai_scenes":["sea"],"quality_score":2}'
status_is 400 "a refused PUT answers 400"
n=$(sql "SELECT count(*) FROM outbox WHERE id > :'v1'" "$m")
is "$n" 0 "and changes no playlist and writes no event"

done_testing
