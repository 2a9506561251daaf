#!/usr/bin/env bash
# memories-playlists.t: smart playlists with calendar criteria (issue 13):
# a timezone field (default UTC), membership of today in that zone at every
# read, and BR-M007 still following metadata changes.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/memories.sh"

# memories USER CRITERIA [TZ_FIELD]: create a smart playlist; sets PL.
memories() {
	api POST "/playlists?user_id=$1" \
	    "{\"name\":\"Memories\",\"playlist_type\":\"smart\",\"smart_criteria\":$2${3:+,$3}}"
	PL=$(jq -r .playlist_id <<<"$BODY")
}

U=$(new_user)
photo "$U" "${U}_1y" "today('UTC') - interval '1 year'"
memories "$U" '{"on_this_day":true}'
status_is 201 "a smart playlist with on_this_day is created"
jq_is .timezone UTC "its timezone defaults to UTC"
is "$(ids)" "${U}_1y" "its photo_ids are today's memories"

Z=$(off_zone)
U=$(new_user)
photo "$U" "${U}_z" "today('$Z') - interval '1 year'"
memories "$U" '{"on_this_day":true}' "\"timezone\":\"$Z\""
jq_is .timezone "$Z" "a playlist keeps the timezone it was given"
is "$(ids)" "${U}_z" "its memories are of that zone's date ($Z)"
api GET "/playlists/$PL?user_id=$U"
is "$(ids)" "${U}_z" "GET answers the same in that zone"

api PUT "/playlists/$PL?user_id=$U" '{"timezone":"UTC"}'
status_is 200 "the timezone can be changed"
is "$(ids)" "" "and the photos follow the new zone's date"
jq_is .photo_count 0 "photo_count with them"

# A row written behind the service's back (no BR-M007 run): GET still
# answers today's membership, computed at the read.
U=$(new_user)
memories "$U" '{"taken_within_days":7}'
photo "$U" "${U}_new" "today('UTC') - 2"
api GET "/playlists/$PL?user_id=$U"
is "$(ids)" "${U}_new" "GET computes a calendar playlist's photos at the read"
jq_is .photo_count 1 "and its photo_count"

U=$(new_user)
memories "$U" '{"years_ago":3}'
photo "$U" "${U}_3y" "today('UTC') - interval '3 years' - interval '10 days'"
api PUT "/metadata/${U}_3y?user_id=$U" \
    "{\"photo_taken_at\":\"$(date -u -d '3 years ago' +%Y-%m-%d)T12:00:00Z\"}"
status_is 200 "a photo's date is changed to today three years ago"
is "$(sql "SELECT photo_ids FROM playlists WHERE playlist_id = :'v1'" "$PL")" "[\"${U}_3y\"]" \
    "BR-M007 adds it to the stored photo_ids"
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1'
    AND event_type = 'media.playlist.updated' AND payload ->> 'photo_count' = '1'" "$PL")" 1 \
    "and emits media.playlist.updated"

U=$(new_user)
photo "$U" "${U}_1y" "today('UTC') - interval '1 year'"
api POST "/playlists?user_id=$U" '{"name":"Manual","photo_ids":["x"],"timezone":"Europe/Paris"}'
jq_is .timezone Europe/Paris "a manual playlist takes a timezone too"
jq_is '.photo_ids|join(",")' x "and keeps its own photos"

done_testing
