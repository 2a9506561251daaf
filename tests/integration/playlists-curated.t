#!/usr/bin/env bash
# playlists-curated.t: ai_curated playlists pick the best photos, at most 3 a
# day before any 4th, enhancement candidates only when nothing better (BR-M004).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
sql "INSERT INTO photo_metadata (file_id, user_id, ai_scenes, quality_score, photo_taken_at, full_metadata)
 SELECT :'v1' || '_w' || n, :'v1', '[\"park\"]', q, t::timestamptz, '{}'
 FROM (VALUES (1, 0.99, '2024-05-01T08:00:00Z'), (2, 0.98, '2024-05-01T09:00:00Z'),
              (3, 0.97, '2024-05-01T10:00:00Z'), (4, 0.96, '2024-05-01T11:00:00Z'),
              (5, 0.95, '2024-05-01T12:00:00Z'), (6, 0.70, '2024-05-02T08:00:00Z'),
              (7, 0.65, '2024-05-02T09:00:00Z'), (8, 0.40, '2024-05-03T08:00:00Z'))
      AS v(n, q, t)" "$U" >/dev/null
# w9 is good but flagged as an enhancement candidate by analysis.
sql "INSERT INTO photo_metadata (file_id, user_id, ai_scenes, quality_score, photo_taken_at, full_metadata)
     VALUES (:'v1' || '_w9', :'v1', '[\"park\"]', 0.9, '2024-05-04T08:00:00Z',
             '{\"enhancement_candidate\": true}')" "$U" >/dev/null

curated() {
	api POST "/playlists?user_id=$U" "{\"name\":\"best\",\"playlist_type\":\"ai_curated\"$1}"
	IDS=$(jq -r '[.photo_ids[]? | sub(".*_"; "")] | join(",")' <<<"$BODY")
}

curated ',"smart_criteria":{"max_photos":5}'
is "$IDS" "w1,w2,w3,w6,w7" \
    "max_photos 5: three from the busy day, then the next day's"
status_is 201 "an ai_curated playlist answers 201"
jq_is .playlist_type ai_curated "its type is ai_curated"
curated ',"smart_criteria":{"max_photos":7}'
is "$IDS" "w1,w2,w3,w6,w7,w4,w5" \
    "the 4th and 5th of a day come only after every other day's"
curated ',"smart_criteria":{"max_photos":8}'
is "$IDS" "w1,w2,w3,w6,w7,w4,w5,w9" \
    "enhancement candidates come only when nothing better is left"
curated ''
is "$IDS" "w1,w2,w3,w6,w7,w4,w5,w9,w8" "without criteria it picks up to 100; quality < 0.5 is a candidate too"
curated ',"smart_criteria":{"max_photos":3,"quality_score_min":0.6}'
is "$IDS" "w1,w2,w3" \
    "criteria keys filter what it picks from"
curated ',"smart_criteria":{"max_photos":501}'
status_is 400 "max_photos above 500 is refused"
curated ',"smart_criteria":{"max_photos":0}'
status_is 400 "max_photos 0 is refused"
curated ',"photo_ids":["x"]'
status_is 400 "photo_ids of an ai_curated playlist cannot be set"
curated ',"smart_criteria":{"bogus":1}'
status_is 400 "an unknown criteria key is refused"

done_testing
