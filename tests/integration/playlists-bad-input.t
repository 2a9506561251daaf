#!/usr/bin/env bash
# playlists-bad-input.t: every bad request gets the right JSON 4xx, never a
# 5xx, and never changes data; hostile strings are stored verbatim.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
api POST "/playlists?user_id=$U" '{"name":"target"}'
PL=$(jq -r .playlist_id <<<"$BODY")

# expect STATUS CODE DESC METHOD PATH [BODY] [curl args]
expect() {
	local want=$1 code=$2 desc=$3
	shift 3
	api "$@"
	is "$STATUS/$(jq -r .code <<<"$BODY" 2>/dev/null)" "$want/$code" "$desc"
}

P="/playlists?user_id=$U"
expect 400 validation_error "no user_id" GET "/playlists"
expect 400 validation_error "an empty user_id" GET "/playlists?user_id="
expect 400 validation_error "a user_id with a slash" GET "/playlists?user_id=a%2Fb"
expect 400 validation_error "a user_id starting with a dot" GET "/playlists?user_id=.x"
expect 400 validation_error "a 51-character user_id" GET "/playlists?user_id=$(printf 'u%.0s' $(seq 51))"
expect 400 validation_error "an SQL-looking user_id" GET "/playlists?user_id=x%27%20OR%20%271%27%3D%271"
expect 400 bad_request "a %00 in the query" GET "/playlists?user_id=u%00x"
expect 400 validation_error "a bad organization_id" GET "/playlists?user_id=$U&organization_id=a%20b"
expect 400 bad_request "a body that is not JSON" POST "$P" '{"name":'
expect 400 bad_request "a JSON array body" POST "$P" '["name"]'
expect 400 bad_request "a JSON string body" POST "$P" '"name"'
expect 400 bad_request "an empty body" POST "$P" '' -H 'Content-Type: application/json'
expect 415 unsupported_media_type "a text/plain body" POST "$P" '' -H 'Content-Type: text/plain' --data-binary '{"name":"x"}'
expect 415 unsupported_media_type "a form body" POST "$P" '' --data 'name=x'
expect 400 bad_request "a \\u0000 in a string" POST "$P" '{"name":"a\u0000b"}'
expect 400 bad_request "JSON nested 2000 deep" POST "$P" "$(printf '{"a":%.0s' $(seq 2000))1$(printf '}%.0s' $(seq 2000))"
expect 400 validation_error "no name" POST "$P" '{}'
expect 400 validation_error "an empty name" POST "$P" '{"name":""}'
expect 400 validation_error "a 256-character name" POST "$P" "{\"name\":\"$(printf 'n%.0s' $(seq 256))\"}"
expect 400 validation_error "a number as name" POST "$P" '{"name":42}'
# A body that is not UTF-8 is no JSON text (RFC 8259 §8.1): refused whole,
# before any field is read (body-utf8.t).
expect 400 bad_request "invalid UTF-8 in the name" POST "$P" "$(printf '{"name":"\xc3\x28"}')"
expect 400 validation_error "a 1001-character description" POST "$P" "{\"name\":\"x\",\"description\":\"$(printf 'd%.0s' $(seq 1001))\"}"
expect 400 validation_error "an unknown playlist_type" POST "$P" '{"name":"x","playlist_type":"random"}'
expect 400 validation_error "transition_duration 0" POST "$P" '{"name":"x","transition_duration":0}'
expect 400 validation_error "transition_duration 61" POST "$P" '{"name":"x","transition_duration":61}'
expect 400 validation_error "transition_duration 1.5" POST "$P" '{"name":"x","transition_duration":1.5}'
expect 400 validation_error "transition_duration as a string" POST "$P" '{"name":"x","transition_duration":"5"}'
expect 400 validation_error "transition_duration 1e999" POST "$P" '{"name":"x","transition_duration":1e999}'
expect 400 validation_error "shuffle as a string" POST "$P" '{"name":"x","shuffle":"yes"}'
expect 400 validation_error "loop as a number" POST "$P" '{"name":"x","loop":1}'
expect 400 validation_error "photo_ids as a string" POST "$P" '{"name":"x","photo_ids":"p1"}'
expect 400 validation_error "photo_ids with a number" POST "$P" '{"name":"x","photo_ids":[1]}'
expect 400 validation_error "photo_ids with an SQL-looking id" POST "$P" "{\"name\":\"x\",\"photo_ids\":[\"p'; DROP TABLE playlists;--\"]}"
expect 400 validation_error "smart_criteria on a manual playlist" POST "$P" '{"name":"x","smart_criteria":{"has_faces":true}}'
expect 400 validation_error "limit 0" GET "$P&limit=0"
expect 400 validation_error "limit 101" GET "$P&limit=101"
expect 400 validation_error "limit abc" GET "$P&limit=abc"
expect 400 validation_error "limit 99999999999999999999" GET "$P&limit=99999999999999999999"
expect 400 validation_error "offset -1" GET "$P&offset=-1"
expect 400 validation_error "a bad playlist_type filter" GET "$P&playlist_type=x"
# nginx normalises the decoded path first: it leaves the API and is a JSON 404.
expect 404 not_found "a path-traversal playlist id" GET "/playlists/..%2F..%2Fetc?user_id=$U"
expect 400 validation_error "an SQL-looking playlist id" GET "/playlists/x%27%20OR%20%271%27=%271?user_id=$U"
expect 404 not_found "an unknown playlist id" GET "/playlists/pl_000000000000000000000000?user_id=$U"
expect 400 validation_error "a bad photo id in the path" DELETE "/playlists/$PL/photos/.hidden?user_id=$U"
expect 405 method_not_allowed "PATCH on a playlist" PATCH "/playlists/$PL?user_id=$U"
ok "$(header Allow | grep -q 'GET, PUT, DELETE' && echo 1)" "a 405 lists the allowed methods"
expect 405 method_not_allowed "DELETE on the collection" DELETE "$P"
expect 404 not_found "an unknown sub-resource" GET "/playlists/$PL/nope?user_id=$U"
expect 404 not_found "an unknown endpoint" GET "/nope?user_id=$U"
expect 404 not_found "a path outside the API" GET "$MEDIA_TEST_URL/etc/passwd"

# Over 1 MiB: nginx answers 413 in JSON before any worker reads it.
head -c 1100000 /dev/zero | tr '\0' 'a' | sed 's/^/{"name":"/; s/$/"}/' >"$TAP_TMP/big.json"
expect 413 payload_too_large "a body over 1 MiB" POST "$P" '' -H 'Content-Type: application/json' --data-binary "@$TAP_TMP/big.json"
# Just under the limit: parsed, then refused for the field's length.
head -c 1000000 /dev/zero | tr '\0' 'a' | sed 's/^/{"name":"/; s/$/"}/' >"$TAP_TMP/near.json"
expect 400 validation_error "a body just under 1 MiB with a huge name" POST "$P" '' -H 'Content-Type: application/json' --data-binary "@$TAP_TMP/near.json"

# Nothing above wrote anything.
api GET "$P"
is "$(header X-Total-Count)" 1 "none of the bad requests created a playlist"

# Hostile but valid strings are data, stored and returned verbatim.
for name in "Robert'); DROP TABLE playlists;--" '<script>alert(1)</script>' '%s%n%x' \
    'Ünïcødé 🎞️ 写真' "quote \" backslash \\\\ tab	end"; do
	body=$(jq -nc --arg n "$name" '{name: $n, description: $n}')
	api POST "$P" "$body"
	status_is 201 "a playlist named $(printf '%q' "$name") is created"
	is "$(jq -r .name <<<"$BODY")" "$name" "and its name comes back byte for byte"
done
is "$(sql "SELECT count(*) > 0 FROM playlists")" t "the playlists table is still there"

# Unknown fields are ignored (contract §2).
api POST "$P" '{"name":"extra","colour":"red","nested":{"a":[1,2]}}'
status_is 201 "unknown fields are ignored"

ok "$(! grep -h '"function":"playlists"' "$MEDIA_LOG_DIR/playlists.log" | grep -q '"status":5' && echo 1)" \
    "no request so far was answered with a 5xx"

done_testing
