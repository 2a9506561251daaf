#!/usr/bin/env bash
# metadata-query.t: POST /metadata/query: every criterion of contract §3.2,
# AND-combined (BR-M006), in quality order, paginated.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
# File ids are global: each is the user id + a letter; answers are shown
# without the prefix.
put() { api PUT "/metadata/$U-$1?user_id=$U" "$2"; [ "$STATUS" = 200 ] || echo "# seeding $1 failed: $STATUS $BODY"; }
put a '{"ai_labels":["beach","sunset"],"ai_scenes":["outdoor"],"ai_objects":["dog"],"quality_score":0.9,"photo_taken_at":"2024-06-01T10:00:00Z","location_name":"Nice, France","camera_make":"Canon","width":4000,"height":3000,"face_detection":{"count":2}}'
put b '{"ai_labels":["beach"],"ai_scenes":["indoor"],"quality_score":0.7,"photo_taken_at":"2024-07-01T10:00:00Z","location_name":"Paris","camera_make":"NIKON","width":3000,"height":4000,"face_detection":{"count":0}}'
put c '{"ai_labels":["city","text"],"ai_scenes":["outdoor"],"ai_objects":["car"],"quality_score":0.5,"photo_taken_at":"2023-12-31T23:59:59Z","camera_make":"canon","width":1000,"height":1000}'
put d '{"ai_labels":["beach"],"photo_taken_at":"2024-06-01T00:00:00Z"}'
put e '{"ai_labels":["beach"],"quality_score":0.7,"photo_taken_at":"2024-08-01T10:00:00Z","face_detection":{"faces":[]}}'

# q CRITERIA WANT DESC: the query answers 200 with exactly WANT, in order.
q() {
	api POST "/metadata/query?user_id=$U" "$1"
	is "$STATUS:$(jq -r --arg p "$U-" '.photo_ids|map(ltrimstr($p))|join(",")' <<<"$BODY")" "200:$2" "$3"
}

q '{}' "a,e,b,c,d" "no criteria: every photo, quality DESC NULLS LAST, then taken DESC, then file_id"
jq_is .count 5 "count is the number of ids returned"
q '{"ai_labels_contains":["beach"]}' "a,e,b,d" "ai_labels_contains: one label"
q '{"ai_labels_contains":["beach","sunset"]}' "a" "ai_labels_contains: all of the labels"
q '{"ai_scenes_contains":["outdoor"]}' "a,c" "ai_scenes_contains"
q '{"ai_objects_contains":["dog"]}' "a" "ai_objects_contains"
q '{"ai_labels_any":["sunset","city"]}' "a,c" "ai_labels_any: at least one"
q '{"ai_scenes_any":["indoor","nothing"]}' "b" "ai_scenes_any"
q '{"quality_score_min":0.7}' "a,e,b" "quality_score_min is inclusive"
q '{"location_contains":"FRANCE"}' "a" "location_contains is a case-insensitive substring"
q '{"date_range":{"start_date":"2024-06-01","end_date":"2024-06-30"}}' "a,d" "date_range with dates covers whole days"
q '{"date_range":{"end_date":"2023-12-31"}}' "c" "date_range end_date alone, inclusive to the day's last second"
q '{"date_range":{"start_date":"2024-06-01T05:00:00Z"}}' "a,e,b" "date_range with a timestamp"
q '{"camera_make":"CANON"}' "a,c" "camera_make is case-insensitive equality"
q '{"orientation":"landscape"}' "a" "orientation landscape"
q '{"orientation":"Portrait"}' "b" "orientation portrait, in any case"
q '{"orientation":"square"}' "c" "orientation square"
q '{"has_faces":true}' "a" "has_faces true"
q '{"has_faces":false}' "e,b,c,d" "has_faces false, also for photos without face data"
q '{"exclude_labels":["beach"]}' "c" "exclude_labels: none of them"
q '{"ai_labels_contains":["beach"],"quality_score_min":0.7,"orientation":"portrait"}' "b" \
    "criteria combine with AND (BR-M006)"
q '{"ai_labels_contains":["beach"],"exclude_labels":["sunset"],"has_faces":false}' "e,b,d" \
    "contains, exclude and has_faces combine"
q '{"ai_labels_contains":["nothing"]}' "" "no match gives an empty list"
jq_is .count 0 "with count 0"
q '{"limit":2}' "a,e" "limit cuts the list"
jq_is .count 2 "and count follows"
q '{"limit":2,"offset":2}' "b,c" "offset skips"
q '{"offset":10}' "" "an offset past the end gives []"

api POST "/metadata/query" '{"ai_labels_contains":["beach"],"limit":1000}' -H 'X-Internal-Call: true'
ok "$(jq -e ".photo_ids|index(\"$U-a\") != null" <<<"$BODY" >/dev/null && echo 1)" \
    "an internal call without user_id queries across users"

done_testing
