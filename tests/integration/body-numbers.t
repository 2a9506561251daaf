#!/usr/bin/env bash
# body-numbers.t: numbers a body cannot carry exactly are a 400 naming the
# field, at any depth (issue 10, finding 11): cJSON holds every number as a
# double, so 1e400 became null and 12345678901234567890 lost its last
# digits on the way into jsonb. Within +-(2^53 - 1) every integer is exact
# (RFC 7493 §2.2, I-JSON).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)

# bad FIELD DESC METHOD PATH BODY
bad() {
	local field=$1 desc=$2
	shift 2
	api "$@"
	is "$STATUS/$(jq -r .code <<<"$BODY" 2>/dev/null)/$(jq -r .field <<<"$BODY" 2>/dev/null)" \
	    "400/validation_error/$field" "$desc"
}
V="/photos/${U}_p1/versions?user_id=$U"
VB='"version_name":"v","version_type":"original","file_id":"f1"'

bad processing_params.x "1e400 in processing_params is a 400" \
    POST "$V" "{$VB,\"processing_params\":{\"x\":1e400}}"
bad processing_params.x "-1e400 too" POST "$V" "{$VB,\"processing_params\":{\"x\":-1e400}}"
bad 'metadata.ids[1]' "12345678901234567890 in a version's metadata is a 400" \
    POST "$V" "{$VB,\"metadata\":{\"ids\":[1,12345678901234567890]}}"
bad full_metadata.n "9007199254740993 (2^53 + 1) in full_metadata is a 400" \
    PUT "/metadata/${U}_f1?user_id=$U" '{"full_metadata":{"n":9007199254740993}}'
bad full_metadata.n "-9007199254740992 (-2^53) too" \
    PUT "/metadata/${U}_f1?user_id=$U" '{"full_metadata":{"n":-9007199254740992}}'
is "$(sql "SELECT count(*) FROM photo_versions WHERE user_id = :'v1'" "$U")" 0 "none of them stored anything"

api PUT "/metadata/${U}_f2?user_id=$U" \
    '{"full_metadata":{"max":9007199254740991,"min":-9007199254740991,"f":0.1,"e":6.02e-23}}'
status_is 200 "+-(2^53 - 1), 0.1 and 6.02e-23 are accepted"
is "$(sql "SELECT full_metadata->>'max' || ' ' || (full_metadata->>'min') || ' ' || (full_metadata->>'f')
    FROM photo_metadata WHERE user_id = :'v1' AND file_id = :'v2'" "$U" "${U}_f2")" \
    "9007199254740991 -9007199254740991 0.1" "and stored exactly"

done_testing
