#!/usr/bin/env bash
# versions-bad-input.t: every malformed request answers a JSON 4xx naming
# the field, and changes nothing.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
P=photo_$U
good='"version_name":"v","version_type":"user_edited","file_id":"f1"'

# body | field | what
while IFS='|' read -r body field what; do
	api POST "/photos/$P/versions?user_id=$U" "$body"
	status_is 400 "POST a version with $what answers 400"
	jq_is .field "$field" "  and names $field"
done <<EOF_TABLE
{"version_type":"user_edited","file_id":"f1"}|version_name|no version_name
{"version_name":"","version_type":"user_edited","file_id":"f1"}|version_name|an empty version_name
{"version_name":"$(printf 'n%.0s' $(seq 256))","version_type":"user_edited","file_id":"f1"}|version_name|a 256-character version_name
{"version_name":7,"version_type":"user_edited","file_id":"f1"}|version_name|a number as version_name
{"version_name":"v","file_id":"f1"}|version_type|no version_type
{"version_name":"v","version_type":"sepia","file_id":"f1"}|version_type|an unknown version_type
{"version_name":"v","version_type":"user_edited"}|file_id|no file_id
{"version_name":"v","version_type":"user_edited","file_id":".hidden"}|file_id|a file_id starting with a dot
{"version_name":"v","version_type":"user_edited","file_id":"a/b"}|file_id|a file_id with a slash
{$good,"file_size":-1}|file_size|a negative file_size
{$good,"file_size":1.5}|file_size|a fractional file_size
{$good,"file_size":"10"}|file_size|a string file_size
{$good,"processing_mode":"$(printf 'm%.0s' $(seq 101))"}|processing_mode|a 101-character processing_mode
{$good,"local_path":"$(printf 'p%.0s' $(seq 501))"}|local_path|a 501-character local_path
{$good,"processing_params":[1]}|processing_params|an array as processing_params
{$good,"metadata":"x"}|metadata|a string as metadata
{$good,"organization_id":"bad id"}|organization_id|a malformed organization_id
EOF_TABLE

api POST "/photos/$P/versions?user_id=$U" '[1]'
status_is 400 "a body that is not an object answers 400"
api POST "/photos/$P/versions?user_id=$U" '{"version_name":'
status_is 400 "a body that is not JSON answers 400"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: text/plain' \
    --data-binary "{$good}" "$API/photos/$P/versions?user_id=$U")
status_is 415 "a body that is not declared JSON answers 415"
api POST "/photos/$P/versions" "{$good}"
status_is 400 "no user_id answers 400"
jq_is .field user_id "  and names user_id"
api POST "/photos/$P/versions?user_id=a%20b" "{$good}"
status_is 400 "a malformed user_id answers 400"
api POST "/photos/$(printf 'x%.0s' $(seq 51))/versions?user_id=$U" "{$good}"
status_is 400 "a 51-character photo_id answers 400"
jq_is .field photo_id "  and names photo_id"
api GET "/photos/$P/versions?user_id=$U&limit=0"
status_is 400 "limit=0 answers 400"
api GET "/photos/$P/versions?user_id=$U&limit=101"
status_is 400 "limit=101 answers 400"
api GET "/photos/$P/versions?user_id=$U&offset=-1"
status_is 400 "offset=-1 answers 400"
api GET "/photos/$P/versions/bad%20id?user_id=$U"
status_is 400 "a malformed version_id answers 400"
api PATCH "/photos/$P/versions?user_id=$U"
status_is 405 "PATCH answers 405"
api GET "/photos/$P/versions?user_id=$U"
is "$BODY" "[]" "none of the bad requests created a version"
n=$(sql "SELECT count(*) FROM outbox WHERE payload->>'photo_id' = :'v1'" "$P")
is "$n" 0 "nor wrote an event"

done_testing
