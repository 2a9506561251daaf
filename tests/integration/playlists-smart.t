#!/usr/bin/env bash
# playlists-smart.t: smart playlists are populated by the criteria of
# contract §3.2 (BR-M006 AND, BR-M007, EC-M001, EC-M003), ordered by quality.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
V=$(new_user)
sql "INSERT INTO photo_metadata (file_id, user_id, ai_labels, ai_scenes, ai_objects, quality_score,
        photo_taken_at, camera_make, width, height, face_detection, location_name) VALUES
 (:'v1' || '_a', :'v1', '[\"beach\",\"sunset\",\"person\"]', '[\"beach\"]', '[\"umbrella\"]', 0.9,
  '2024-06-01T10:00:00Z', 'Canon', 4000, 3000, '{\"count\": 2}', 'Nice, France'),
 (:'v1' || '_b', :'v1', '[\"beach\",\"dog\"]', '[\"beach\",\"outdoor\"]', '[\"dog\"]', 0.6,
  '2024-06-30T23:30:00Z', 'Nikon', 3000, 4000, NULL, 'Brighton Beach'),
 (:'v1' || '_c', :'v1', '[\"mountain\",\"snow\"]', '[\"mountain\"]', '[]', 0.8,
  '2023-12-31T12:00:00Z', 'canon', 2000, 2000, '{\"faces\": [{}]}', 'Alps'),
 (:'v1' || '_d', :'v1', '[\"city\",\"night\",\"text\"]', '[\"city\"]', '[]', NULL,
  '2024-07-01T00:00:00Z', 'Apple', NULL, NULL, '{\"count\": 0}', NULL),
 (:'v2' || '_e', :'v2', '[\"beach\"]', '[\"beach\"]', '[]', 0.95,
  '2024-06-01T10:00:00Z', 'Canon', 4000, 3000, NULL, 'Nice')" "$U" "$V" >/dev/null

# smart CRITERIA: create a smart playlist; prints its photo ids, shortened.
smart() {
	api POST "/playlists?user_id=$U" "{\"name\":\"s\",\"playlist_type\":\"smart\",\"smart_criteria\":$1}"
	IDS=$(jq -r '[.photo_ids[]? | sub(".*_"; "")] | join(",")' <<<"$BODY")
}

smart '{"ai_scenes_contains":["beach"]}'
is "$IDS" "a,b" "ai_scenes_contains: the user's beach photos, best quality first"
status_is 201 "a smart playlist answers 201"
jq_is .playlist_type smart "its type is smart"
jq_is .photo_count 2 "photo_count counts the matches"
smart '{"ai_labels_contains":["beach","dog"]}'
is "$IDS" "b" "ai_labels_contains needs every label"
smart '{"ai_labels_any":["dog","snow"]}'
is "$IDS" "c,b" "ai_labels_any needs one of them"
smart '{"ai_scenes_any":["mountain","city"]}'
is "$IDS" "c,d" "ai_scenes_any; unknown quality sorts last"
smart '{"ai_objects_contains":["dog"]}'
is "$IDS" "b" "ai_objects_contains"
smart '{"quality_score_min":0.8}'
is "$IDS" "a,c" "quality_score_min is inclusive"
smart '{"location_contains":"BEACH"}'
is "$IDS" "b" "location_contains ignores case"
smart '{"date_range":{"start_date":"2024-06-01","end_date":"2024-06-30"}}'
is "$IDS" "a,b" \
    "date_range with dates includes the whole end day"
smart '{"date_range":{"end_date":"2024-06-30T23:00:00Z"}}'
is "$IDS" "a,c" "date_range with only a timestamp end"
smart '{"date_range":{"start_date":"2024-07-01T00:00:00+00:00"}}'
is "$IDS" "d" "date_range start is inclusive"
smart '{"camera_make":"CANON"}'
is "$IDS" "a,c" "camera_make ignores case"
smart '{"orientation":"landscape"}'
is "$IDS" "a" "orientation landscape"
smart '{"orientation":"Portrait"}'
is "$IDS" "b" "orientation portrait (any case)"
smart '{"orientation":"square"}'
is "$IDS" "c" "orientation square"
smart '{"has_faces":true}'
is "$IDS" "a,c" "has_faces true: a count or a faces list"
smart '{"has_faces":false}'
is "$IDS" "b,d" "has_faces false: none detected or no detection"
smart '{"exclude_labels":["beach"]}'
is "$IDS" "c,d" "exclude_labels drops any photo with the label"
smart '{"ai_scenes_contains":["beach"],"quality_score_min":0.7}'
is "$IDS" "a" "criteria combine with AND (BR-M006)"
smart '{}'
is "$IDS" "a,c,b,d" "empty criteria match all of the user's photos, not another user's"

smart '{"ai_labels_contains":["nothing-like-this"]}'
is "$IDS" "" "no match gives an empty playlist (EC-M001)"
status_is 201 "and is still created"
jq_is .photo_count 0 "with photo_count 0"
PL=$(jq -r .playlist_id <<<"$BODY")

api PUT "/playlists/$PL?user_id=$U" '{"smart_criteria":{"ai_scenes_contains":["mountain"]}}'
status_is 200 "new criteria are accepted"
jq_is '.photo_ids|length' 1 "and photo_ids are replaced by the new matches (EC-M003)"
jq_is '.smart_criteria.ai_scenes_contains[0]' mountain "the new criteria are stored"
api PUT "/playlists/$PL?user_id=$U" '{"name":"renamed"}'
jq_is '.photo_ids|length' 1 "a rename keeps the computed photos"

api PUT "/playlists/$PL?user_id=$U" '{"photo_ids":["x"]}'
status_is 400 "photo_ids of a smart playlist cannot be set by PUT"
jq_is .field photo_ids "naming photo_ids"
api POST "/playlists/$PL/photos?user_id=$U" '{"photo_ids":["x"]}'
status_is 400 "photos cannot be appended to a smart playlist"
api DELETE "/playlists/$PL/photos/${U}_c?user_id=$U"
status_is 400 "nor removed from one"

api POST "/playlists?user_id=$U" '{"name":"s","playlist_type":"smart","smart_criteria":{},"photo_ids":["a"]}'
status_is 400 "a smart playlist created with photo_ids is refused (read-only)"
api POST "/playlists?user_id=$U" '{"name":"s","playlist_type":"smart"}'
status_is 400 "a smart playlist needs smart_criteria"
jq_is .field smart_criteria "naming smart_criteria"
api POST "/playlists?user_id=$U" '{"name":"s","playlist_type":"smart","smart_criteria":{"colour":"red"}}'
status_is 400 "an unknown criteria key is refused (BR-M005)"
ok "$(jq -r .detail <<<"$BODY" | grep -q 'ai_labels_contains.*exclude_labels' && echo 1)" \
    "and the detail lists the supported keys"
api POST "/playlists?user_id=$U" '{"name":"s","playlist_type":"smart","smart_criteria":{"quality_score_min":2}}'
status_is 400 "an out-of-range criterion is refused"
api POST "/playlists?user_id=$U" '{"name":"s","playlist_type":"smart","smart_criteria":"beach"}'
status_is 400 "criteria that are not an object are refused"

done_testing
