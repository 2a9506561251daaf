#!/usr/bin/env bash
# json-render.t: rows rendered to JSON in C (shared/rowjson.c, issue 11)
# carry exactly the values PostgreSQL holds: each field of the API's answer
# equals the same column as PostgreSQL's own to_jsonb() renders it, for
# text with quotes, backslashes, controls and non-ASCII, numerics at their
# scale, jsonb, integers, booleans, NULLs; timestamps as RFC 3339 UTC.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
F=file_$U
NAME='quote " back \ tab	nl
é 漢 😀'

body=$(jq -cn --arg n "$NAME" '{camera_make: $n, lens_model: "", quality_score: 0.1,
    blur_score: 1, latitude: -33.868820, longitude: 151.2093, iso: 2147483647,
    flash_used: true, face_detection: null, ai_labels: ["a\"b", "c\\d"],
    full_metadata: {"nested": {"k": [1, 2.5, null, "x"]}},
    photo_taken_at: "1999-12-31T23:59:59.999+00:00"}')
api PUT "/metadata/$F?user_id=$U" "$body"
status_is 200 "PUT metadata with awkward values answers 200"
put=$BODY

# PostgreSQL's rendering of the stored row, without the timestamps.
want=$(sql "SELECT to_jsonb(m) - '{created_at,updated_at,photo_taken_at}'::text[]
            FROM photo_metadata m WHERE m.user_id = :'v1' AND m.file_id = :'v2'" "$U" "$F")
for answer in put get; do
	[ "$answer" = get ] && { api GET "/metadata/$F?user_id=$U"; put=$BODY; }
	got=$(jq -c 'del(.created_at, .updated_at, .photo_taken_at)' <<<"$put")
	is "$(jq -S . <<<"$got")" "$(jq -S . <<<"$want")" \
	    "$answer: every field equals PostgreSQL's to_jsonb of the column"
	is "$(jq -r .camera_make <<<"$put")" "$NAME" "$answer: text with quotes, controls and non-ASCII is kept"
	is "$(jq -c '[.latitude, .quality_score, .blur_score]' <<<"$put")" "[-33.86882,0.1,1]" \
	    "$answer: numerics are numbers"
	is "$(jq -r .photo_taken_at <<<"$put")" "1999-12-31T23:59:59Z" \
	    "$answer: a timestamp is RFC 3339 UTC, its fraction cut"
done
is "$(sql "SELECT to_jsonb(m)->>'latitude' FROM photo_metadata m WHERE m.file_id = :'v1'" "$F")" \
    "-33.86882000" "(the stored numeric has scale 8, as the API's text shows)"
api GET "/metadata/$F?user_id=$U"
ok "$(grep -q '"latitude":-33.86882000' <<<"$BODY" && echo 1)" "the numeric is sent at its scale, as numeric_out prints it"

# A playlist and a page: photo_count, the list's total and an empty page.
api POST "/playlists?user_id=$U" '{"name":"p","photo_ids":["a","b","a"]}'
status_is 201 "a manual playlist is created"
jq_is .photo_count 3 "photo_count counts the ids, a repeated one too"
api GET "/playlists?user_id=$U&limit=1&offset=5"
status_is 200 "a page past the end answers 200"
is "$BODY" "[]" "with an empty list"
is "$(header X-Total-Count | tr -d '\r')" 1 "and the total"
done_testing
