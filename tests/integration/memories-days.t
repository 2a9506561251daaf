#!/usr/bin/env bash
# memories-days.t: the day change (issue 13): the listener brings every
# calendar smart playlist of a zone to the new local day and emits
# media.playlist.updated when its membership changed. The clock cannot be
# moved: the listener's test hook (MEDIA_TEST_HOOKS=1, tools/test.sh) runs
# the day change for a given date, and its own chore puts the real day
# back within a minute (it sees the zone's recorded day is not today's).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"
. "$(dirname "$0")/../lib/memories.sh"

# day_change DATE [ZONE]: the hook; prints the listener's answer.
day_change() {
	natsctl req media_test.day_change "{\"date\":\"$1\"${2:+,\"timezone\":\"$2\"}}"
}
stored() { sql "SELECT photo_ids FROM playlists WHERE playlist_id = :'v1'" "$1"; }
events() {
	sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.playlist.updated'" "$1"
}

# A zone of its own, so no other playlist shares it.
ZONE=America/Argentina/Ushuaia
U=$(new_user)
photo "$U" "${U}_xmas" "date '2020-12-25'"
photo "$U" "${U}_leap" "date '2024-02-29'"
api POST "/playlists?user_id=$U" \
    "{\"name\":\"Memories\",\"playlist_type\":\"smart\",\"smart_criteria\":{\"on_this_day\":true},\"timezone\":\"$ZONE\"}"
PL=$(jq -r .playlist_id <<<"$BODY")
N0=$(events "$PL")

got=$(day_change 2026-12-25 "$ZONE")
is "$(jq -r '.ok[0].changed' <<<"$got")" 1 "the day change for Dec 25 changed the playlist"
is "$(stored "$PL")" "[\"${U}_xmas\"]" "its stored photo_ids are Dec 25's memories"
is "$(events "$PL")" $((N0 + 1)) "and media.playlist.updated was emitted"
is "$(sql "SELECT payload ->> 'photo_count' FROM outbox WHERE aggregate_id = :'v1' ORDER BY id DESC LIMIT 1" "$PL")" 1 \
    "with the new photo_count"

got=$(day_change 2026-12-25 "$ZONE")
is "$(jq -r '.ok[0].changed' <<<"$got")" 0 "running it again for the same day changes nothing"
is "$(events "$PL")" $((N0 + 1)) "and emits nothing"

day_change 2027-02-28 "$ZONE" >/dev/null
is "$(stored "$PL")" "[\"${U}_leap\"]" "on Feb 28 of a year without Feb 29, the Feb 29 photo is a memory"
day_change 2028-02-28 "$ZONE" >/dev/null
is "$(stored "$PL")" "[]" "on Feb 28 of a leap year it is not"
day_change 2028-02-29 "$ZONE" >/dev/null
is "$(stored "$PL")" "[\"${U}_leap\"]" "it is on Feb 29"

N1=$(events "$PL")
day_change 2028-03-02 "$ZONE" >/dev/null
is "$(stored "$PL")" "[]" "a day without memories empties the playlist"
is "$(events "$PL")" $((N1 + 1)) "and that change is an event too"

# Today's membership as GET computes it; the chore must store the same.
api GET "/playlists/$PL?user_id=$U"
TODAY=$(jq -c '.photo_ids' <<<"$BODY")
sql "UPDATE playlists SET photo_ids = '[\"${U}_xmas\"]' WHERE playlist_id = :'v1'" "$PL" >/dev/null
WAIT_S=45
is "$(wait_sql t "SELECT day = media_local_today(:'v1') FROM media_zone_days WHERE timezone = :'v1'" "$ZONE")" t \
    "the listener's chore brings the zone back to its real day within a minute"
is "$(sql "SELECT photo_ids::text FROM playlists WHERE playlist_id = :'v1'" "$PL" | jq -c .)" "$TODAY" \
    "with the photos GET answers for today"

# A manual playlist and one without calendar criteria are never touched.
U=$(new_user)
photo "$U" "${U}_a" "date '2020-12-25'"
api POST "/playlists?user_id=$U" \
    "{\"name\":\"Static\",\"playlist_type\":\"smart\",\"smart_criteria\":{\"quality_score_min\":0.1},\"timezone\":\"$ZONE\"}"
PS=$(jq -r .playlist_id <<<"$BODY")
N2=$(events "$PS")
day_change 2026-12-26 "$ZONE" >/dev/null
is "$(events "$PS")" "$N2" "a smart playlist without calendar criteria gets no day change"

got=$(natsctl req media_test.day_change '{"date":"tomorrow"}')
ok "$(jq -r .error <<<"$got" | grep -F YYYY-MM-DD)" "the hook refuses a date that is not YYYY-MM-DD"

done_testing
