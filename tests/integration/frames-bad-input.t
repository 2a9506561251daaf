#!/usr/bin/env bash
# frames-bad-input.t: every bad input of the frames function is a JSON 400
# naming its field (code validation_error), never a 500, and writes nothing.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
SIZES='{"display_width":1920,"display_height":1080}'
# bad FIELD BODY DESC: PUT of a new frame with BODY merged over SIZES.
bad() {
	api PUT "/frames/f1?user_id=$U" "$(jq -c "$SIZES + ." <<<"$2")"
	is "$STATUS $(jq -r '.code + " " + .field' <<<"$BODY")" "400 validation_error $1" "$3"
}

for f in display_width display_height; do
	bad $f "{\"$f\":1.5}" "$f 1.5 is a 400 naming $f"
	bad $f "{\"$f\":\"100\"}" "$f \"100\" (a string) is a 400 naming $f"
	bad $f "{\"$f\":0}" "$f 0 is a 400 naming $f"
	bad $f "{\"$f\":-1}" "$f -1 is a 400 naming $f"
	bad $f "{\"$f\":8193}" "$f 8193 is a 400 naming $f"
	bad $f "{\"$f\":true}" "$f true is a 400 naming $f"
	bad $f "{\"$f\":[1920]}" "$f as an array is a 400 naming $f"
	bad $f "{\"$f\":1e300}" "$f 1e300 is a 400 naming $f"
done
api PUT "/frames/f1?user_id=$U" "$SIZES"
jq_is .display_width 1920 "(the sizes alone are fine)"
api DELETE "/frames/f1?user_id=$U"
bad fit '{"fit":"stretch"}' "an unknown fit is a 400 naming fit"
jq_is .detail "fit must be one of: contain, cover" "whose detail lists the fits"
bad fit '{"fit":""}' "an empty fit is a 400 naming fit"
bad fit '{"fit":5}' "a fit that is not a string is a 400 naming fit"
bad name "{\"name\":\"$(printf 'n%.0s' $(seq 256))\"}" "a 256-character name is a 400 naming name"
bad name "{\"name\":\"$(printf '\xc3\xa9%.0s' $(seq 256))\"}" "a name of 256 two-byte characters is a 400 naming name"
bad name '{"name":"a\u0001b"}' "a name with a control character is a 400 naming name"
bad name '{"name":7}' "a name that is not a string is a 400 naming name"
bad pair_portraits '{"pair_portraits":"false"}' "pair_portraits \"false\" (a string) is a 400 naming pair_portraits"
bad pair_portraits '{"pair_portraits":0}' "pair_portraits 0 is a 400 naming pair_portraits"
bad pair_portraits '{"pair_portraits":1}' "pair_portraits 1 is a 400 naming pair_portraits"
bad pair_portraits '{"pair_portraits":[true]}' "pair_portraits as an array is a 400 naming pair_portraits"
bad pair_portraits '{"pair_portraits":{}}' "pair_portraits as an object is a 400 naming pair_portraits"
jq_is .detail "pair_portraits must be true or false" "whose detail says true or false"
api PUT "/frames/utf8?user_id=$U" "$(jq -c "$SIZES + {name: \"$(printf '\xc3\xa9%.0s' $(seq 255))\"}" <<<'{}')"
is "$STATUS $(jq -r '.name|length' <<<"$BODY")" "200 255" "a name of 255 two-byte characters is accepted (characters, not bytes)"

# A new frame needs both sizes.
new() { api PUT "/frames/new?user_id=$U" "$1"; is "$STATUS $(jq -r .field <<<"$BODY")" "400 $2" "$3"; }
new '{"display_height":1080}' display_width "a new frame without display_width is a 400 naming display_width"
new '{"display_width":1920}' display_height "a new frame without display_height is a 400 naming display_height"
new '{"fit":"cover","name":"x"}' display_width "a new frame with neither size is a 400 naming display_width"
new '{}' display_width "a new frame with an empty body is a 400 naming display_width"
new '{"display_width":null,"display_height":1080}' display_width "a null size counts as missing"
api GET "/frames/new?user_id=$U"
status_is 404 "a refused create writes nothing"
api GET "/frames/f1?user_id=$U"
status_is 404 "nor does a refused value"

# Identity (contract §2).
for req in "PUT /frames/f1" "GET /frames/f1" "GET /frames" "DELETE /frames/f1"; do
	api ${req% *} "${req#* }" "$([ "${req% *}" = PUT ] && echo "$SIZES")"
	is "$STATUS $(jq -r .field <<<"$BODY")" "400 user_id" "$req without user_id is a 400 naming user_id"
done
api GET "/frames" "" -H 'X-Internal-Call: true'
is "$STATUS $(jq -r .field <<<"$BODY")" "400 user_id" "an internal call without user_id is a 400 too (a frame belongs to a user)"
api GET "/frames?user_id=a%20b"
is "$STATUS $(jq -r .field <<<"$BODY")" "400 user_id" "a malformed user_id is a 400 naming user_id"

# The frame id of the path (contract §2 client ids).
for id in ".hidden" "a%20b" "$(printf 'f%.0s' $(seq 51))" "a%2Fb" "caf%C3%A9"; do
	for m in PUT GET DELETE; do
		api $m "/frames/$id?user_id=$U" "$([ $m = PUT ] && echo "$SIZES")"
		is "$STATUS $(jq -r .field <<<"$BODY")" "400 frame_id" "$m of frame id '$id' is a 400 naming frame_id"
	done
done

# Paging (contract §2).
for q in limit=0 limit=101 limit=x offset=-1 offset=1.5; do
	api GET "/frames?user_id=$U&$q"
	is "$STATUS $(jq -r .field <<<"$BODY")" "400 ${q%%=*}" "GET /frames?$q is a 400 naming ${q%%=*}"
done

# The body.
api PUT "/frames/f1?user_id=$U" '{"display_width":'
is "$STATUS $(jq -r .code <<<"$BODY")" "400 bad_request" "a body that is not JSON is a 400"
api PUT "/frames/f1?user_id=$U" '[1920, 1080]'
status_is 400 "a body that is not an object is a 400"
api PUT "/frames/f1?user_id=$U"
status_is 400 "a PUT without a body is a 400"
api PUT "/frames/new?user_id=$U" '' -H 'Content-Type: text/plain' --data-binary "$SIZES"
is "$STATUS $(jq -r .code <<<"$BODY")" "415 unsupported_media_type" "a body that is not application/json is a 415"
api POST "/frames?user_id=$U" "$SIZES"
is "$STATUS $(jq -r .code <<<"$BODY")" "405 method_not_allowed" "POST /frames is a 405"
api GET "/frames/f1/photos?user_id=$U"
status_is 404 "an unknown path under /frames is a 404"
done_testing
