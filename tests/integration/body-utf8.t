#!/usr/bin/env bash
# body-utf8.t: a body that is not UTF-8 is a 400 before any validator
# reads it (RFC 8259 §8.1: JSON text is UTF-8). cJSON takes any bytes, so
# a bad key was echoed into the error detail, which made the error body
# itself no JSON text, and bad bytes in free-form objects reached
# PostgreSQL, which refused them: a 400 without a field (tests/fuzz,
# fuzz_body, issue 10).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
is_utf8() { iconv -f UTF-8 -t UTF-8 "$TAP_TMP/body" >/dev/null 2>&1 && echo 1; }

api POST "/metadata/query?user_id=$U" $'{"limit":5,"time\x81one":"UTC"}'
is "$STATUS/$(jq -r .code <<<"$BODY")" 400/bad_request "a key with a byte 0x81 is a 400 bad_request"
ok "$(is_utf8)" "and the error body is UTF-8"

api PUT "/metadata/${U}_f1?user_id=$U" $'{"full_metadata":{"k\xc0\xaf":1}}'
is "$STATUS/$(jq -r .code <<<"$BODY")" 400/bad_request "an overlong form in a free-form key is a 400 bad_request"
jq_is .detail "request body is not UTF-8 (RFC 8259 §8.1)" "which says why"
api PUT "/metadata/${U}_f1?user_id=$U" $'{"full_metadata":{"k":"\xed\xa0\x80"}}'
is "$STATUS/$(jq -r .code <<<"$BODY")" 400/bad_request "a surrogate in a free-form value is a 400 bad_request"
is "$(sql "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1'" "$U")" 0 "none of them stored anything"

api PUT "/metadata/${U}_f2?user_id=$U" '{"full_metadata":{"café":"😀","k":"\u00e9"}}'
status_is 200 "UTF-8 of two and four bytes, and a \\u escape, are accepted"
is "$(sql "SELECT full_metadata->>'café' FROM photo_metadata WHERE user_id = :'v1'" "$U")" "😀" \
    "and stored as sent"

done_testing
