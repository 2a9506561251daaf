#!/usr/bin/env bash
# metadata-bad-input.t: malformed PUT and query requests answer a JSON 400
# naming the field, and change nothing (contract §3.2, BR-M005).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
F=file_$U

# PUT: body | field | what
while IFS='|' read -r body field what; do
	api PUT "/metadata/$F?user_id=$U" "$body"
	status_is 400 "PUT metadata with $what answers 400"
	jq_is .field "$field" "  and names $field"
done <<'EOF_TABLE'
{"quality_score":1.01}|quality_score|quality_score above 1
{"quality_score":-0.01}|quality_score|quality_score below 0
{"quality_score":"0.5"}|quality_score|quality_score as a string
{"blur_score":2}|blur_score|blur_score above 1
{"brightness":-1}|brightness|brightness below 0
{"contrast":1.5}|contrast|contrast above 1
{"latitude":90.5}|latitude|latitude above 90
{"latitude":-91}|latitude|latitude below -90
{"longitude":180.01}|longitude|longitude above 180
{"longitude":-181}|longitude|longitude below -180
{"ai_labels":"beach"}|ai_labels|a string as ai_labels
{"ai_labels":[1]}|ai_labels|a number in ai_labels
{"ai_labels":[""]}|ai_labels|an empty label
{"ai_labels":null}|ai_labels|null ai_labels
{"ai_objects":{}}|ai_objects|an object as ai_objects
{"ai_scenes":[null]}|ai_scenes|null in ai_scenes
{"ai_colors":[["red"]]}|ai_colors|a nested array in ai_colors
{"face_detection":[1]}|face_detection|an array as face_detection
{"text_detection":"hi"}|text_detection|a string as text_detection
{"full_metadata":null}|full_metadata|null full_metadata
{"full_metadata":[]}|full_metadata|an array as full_metadata
{"photo_taken_at":"yesterday"}|photo_taken_at|a photo_taken_at that is no timestamp
{"photo_taken_at":"2025-02-30T00:00:00Z"}|photo_taken_at|February 30
{"photo_taken_at":"2025-06-01"}|photo_taken_at|a bare date as photo_taken_at
{"photo_taken_at":"2025-12-11T12:00:00+16:00"}|photo_taken_at|a UTC offset of +16:00 (PostgreSQL's limit is 15:59)
{"photo_taken_at":"2025-12-11T12:00:00-23:59"}|photo_taken_at|a UTC offset of -23:59
{"photo_taken_at":"2025-12-11T12:00:00.1234567890Z"}|photo_taken_at|a fraction of 10 digits
{"iso":1.5}|iso|a fractional iso
{"iso":-1}|iso|a negative iso
{"width":0}|width|width 0
{"height":-5}|height|a negative height
{"exif_orientation":9}|exif_orientation|exif_orientation 9
{"flash_used":"yes"}|flash_used|a string as flash_used
{"camera_make":7}|camera_make|a number as camera_make
{"location_name":"\u0001"}|location_name|a control character in location_name
{"organization_id":"a b"}|organization_id|a malformed organization_id
EOF_TABLE
api PUT "/metadata/$F?user_id=$U" "{\"camera_make\":\"$(printf 'c%.0s' $(seq 101))\"}"
status_is 400 "PUT metadata with a 101-character camera_make answers 400"
api PUT "/metadata/$F?user_id=$U" "{\"location_name\":\"$(printf 'l%.0s' $(seq 256))\"}"
status_is 400 "PUT metadata with a 256-character location_name answers 400"
api PUT "/metadata/$F?user_id=$U" '[1]'
status_is 400 "PUT with a body that is not an object answers 400"
api PUT "/metadata/$F?user_id=$U"
status_is 400 "PUT without a body answers 400"
api PUT "/metadata/$F" '{}'
status_is 400 "PUT without user_id answers 400"
api PUT "/metadata/.dot?user_id=$U" '{}'
status_is 400 "a file_id starting with a dot answers 400"
jq_is .field file_id "  and names file_id"
api GET "/metadata/$F?user_id=$U"
status_is 404 "none of the bad PUTs created the row"
n=$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1'" "$F")
is "$n" 0 "nor wrote an event"

# Query: body | field | what
while IFS='|' read -r body field what; do
	api POST "/metadata/query?user_id=$U" "$body"
	status_is 400 "a query with $what answers 400"
	jq_is .field "$field" "  and names $field"
done <<'EOF_TABLE'
{"colour":"red"}|criteria|an unknown key (BR-M005)
{"ai_labels_contains":"beach"}|ai_labels_contains|a string for a label list
{"quality_score_min":1.5}|quality_score_min|quality_score_min above 1
{"orientation":"round"}|orientation|an unknown orientation
{"has_faces":"true"}|has_faces|has_faces as a string
{"date_range":{"start_date":"2024-02-30"}}|date_range|an impossible date
{"date_range":{"since":"2024-01-01"}}|date_range|an unknown date_range key
{"date_range":{"start_date":"2024-01-01T00:00:00+23:00"}}|date_range|a UTC offset of +23:00
{"date_range":{"end_date":"2024-01-01T00:00:00.1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111Z"}}|date_range|a fraction of 130 digits
{"camera_make":""}|camera_make|an empty camera_make
{"limit":0}|limit|limit 0
{"limit":1001}|limit|limit 1001
{"limit":"5"}|limit|limit as a string
{"offset":-1}|offset|a negative offset
EOF_TABLE
api POST "/metadata/query?user_id=$U" '{"colour":"red"}'
ok "$(jq -r .detail <<<"$BODY" | grep -q 'supported keys: ai_labels_contains, .*exclude_labels, on_this_day, years_ago, taken_within_days, limit, offset, timezone' && echo 1)" \
    "the unknown-key answer lists the supported keys (BR-M005)"
jq_is .code validation_error "with code validation_error"
api POST "/metadata/query?user_id=$U" '"beach"'
status_is 400 "a query body that is not an object answers 400"

done_testing
