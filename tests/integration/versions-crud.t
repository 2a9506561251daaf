#!/usr/bin/env bash
# versions-crud.t: create, list, get, make current and delete photo versions
# (contract §3.1, BR-M001, BR-M002) and their outbox events.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
P=photo_$U

api GET "/photos/$P/versions?user_id=$U"
status_is 200 "GET versions of a photo without versions answers 200"
is "$BODY" "[]" "with []"
is "$(header X-Total-Count)" 0 "and X-Total-Count 0"

api POST "/photos/$P/versions?user_id=$U" \
    '{"version_name":"Original","version_type":"ORIGINAL","file_id":"'"$P"'","file_size":1024,"cloud_url":"https://s/x.jpg","local_path":"/p/x.jpg","processing_params":{"k":1},"metadata":{"w":10}}'
status_is 201 "POST a version answers 201"
V1=$(jq -r .version_id <<<"$BODY")
ok "$([[ $V1 =~ ^ver_[0-9a-f]{24}$ ]] && echo 1)" "the id is ver_ + 24 hex chars"
jq_is .version_type original "version_type is stored lowercase"
jq_is .version_number 1 "the first version is number 1"
jq_is .is_current true "a new version is current (BR-M001)"
jq_is .photo_id "$P" "it belongs to the photo"
jq_is .user_id "$U" "and to the caller"
jq_is .file_size 1024 "file_size is kept"
jq_is .processing_params.k 1 "processing_params are kept"
jq_is .metadata.w 10 "metadata are kept"
jq_is '[.cloud_url,.local_path,.processing_mode,.organization_id]|join(",")' "https://s/x.jpg,/p/x.jpg,," \
    "cloud_url and local_path are kept, the absent ones are null"
cols=$(sql "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 'photo_versions'")
jq_is 'keys|sort|join(",")' "$cols" "every column of photo_versions is in the JSON"
ok "$(jq -r .created_at <<<"$BODY" | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' && echo 1)" \
    "created_at is RFC 3339 UTC"

api POST "/photos/$P/versions?user_id=$U" '{"version_name":"Enhanced","version_type":"ai_enhanced","file_id":"f2","processing_mode":"hdr"}'
status_is 201 "a second version answers 201"
V2=$(jq -r .version_id <<<"$BODY")
jq_is .version_number 2 "and is number 2"
jq_is .is_current true "and is current"
jq_is .processing_params '{}' "processing_params default to {}"

api GET "/photos/$P/versions/$V1?user_id=$U"
status_is 200 "GET one version answers 200"
jq_is .is_current false "the first version stopped being current (BR-M001)"

api POST "/photos/$P/versions?user_id=$U" '{"version_name":"Styled","version_type":"ai_styled","file_id":"f3"}'
V3=$(jq -r .version_id <<<"$BODY")

api GET "/photos/$P/versions?user_id=$U"
status_is 200 "GET the versions answers 200"
jq_is '[.[].version_number]|join(",")' "3,2,1" "newest first"
jq_is '[.[]|select(.is_current)]|length' 1 "exactly one is current"
jq_is '.[0].version_id' "$V3" "and it is the newest"
is "$(header X-Total-Count)" 3 "X-Total-Count is 3"

api GET "/photos/$P/versions?user_id=$U&limit=1&offset=1"
jq_is '[.[].version_number]|join(",")' "2" "limit and offset page the list"
is "$(header X-Total-Count)" 3 "X-Total-Count is still the total"

api PUT "/photos/$P/versions/$V1/current?user_id=$U"
status_is 200 "PUT .../current answers 200"
jq_is .is_current true "with the version now current"
api GET "/photos/$P/versions?user_id=$U"
jq_is '[.[]|select(.is_current)|.version_id]|join(",")' "$V1" "and no other version is current"

api PUT "/photos/$P/versions/$V1/current?user_id=$U"
status_is 200 "making the current version current again answers 200"

api PUT "/photos/$P/versions/ver_000000000000000000000000/current?user_id=$U"
status_is 404 "making a missing version current answers 404"
api GET "/photos/$P/versions?user_id=$U"
jq_is '[.[]|select(.is_current)|.version_id]|join(",")' "$V1" "and leaves the current version as it was"

# BR-M002
api DELETE "/photos/$P/versions/$V1?user_id=$U"
status_is 400 "the original cannot be deleted (BR-M002)"
jq_is .code validation_error "with code validation_error"

api DELETE "/photos/$P/versions/$V2?user_id=$U"
status_is 204 "deleting a version that is not current answers 204"
is "$BODY" "" "with no body"
api GET "/photos/$P/versions/$V2?user_id=$U"
status_is 404 "the deleted version is gone"
api DELETE "/photos/$P/versions/$V2?user_id=$U"
status_is 404 "deleting it again is a 404"

api PUT "/photos/$P/versions/$V3/current?user_id=$U"
api DELETE "/photos/$P/versions/$V3?user_id=$U"
status_is 204 "deleting the current version answers 204"
api GET "/photos/$P/versions/$V1?user_id=$U"
jq_is .is_current true "and the original is current again (BR-M002)"

api POST "/photos/$P/versions?user_id=$U" '{"version_name":"Again","version_type":"original","file_id":"f9"}'
status_is 409 "a second original version is a conflict"
jq_is .code conflict "with code conflict"

api POST "/photos/$P/versions?user_id=$U" '{"version_name":"Next","version_type":"user_edited","file_id":"f4"}'
jq_is .version_number 2 "the number is the highest remaining + 1 (2 and 3 were deleted)"

# Without an original the highest remaining version becomes current.
Q=photo2_$U
for n in 1 2 3; do
	api POST "/photos/$Q/versions?user_id=$U" '{"version_name":"v'$n'","version_type":"user_edited","file_id":"g'$n'"}'
	eval "W$n=$(jq -r .version_id <<<"$BODY")"
done
api PUT "/photos/$Q/versions/$W1/current?user_id=$U"
api DELETE "/photos/$Q/versions/$W1?user_id=$U"
api GET "/photos/$Q/versions/$W3?user_id=$U"
jq_is .is_current true "without an original, the highest remaining version becomes current"

# Outbox: created and deleted events, with the change.
ev=$(sql "SELECT payload FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.version.created'" "$V2")
is "$(jq -r '[.photo_id,.version_id,.version_type,.user_id,.file_id,.version_number]|join(",")' <<<"$ev")" \
    "$P,$V2,ai_enhanced,$U,f2,2" "media.version.created carries photo_id, version_id, version_type, user_id, file_id"
ev=$(sql "SELECT payload FROM outbox WHERE aggregate_id = :'v1' AND event_type = 'media.version.deleted'" "$V2")
is "$(jq -r '[.photo_id,.version_id,.version_type,.user_id]|join(",")' <<<"$ev")" \
    "$P,$V2,ai_enhanced,$U" "media.version.deleted carries the deleted version"
n=$(sql "SELECT count(*) FROM outbox WHERE event_type = 'media.version.deleted' AND payload->>'photo_id' = :'v1'" "$P")
is "$n" 2 "the refused and the repeated delete wrote no event"
n=$(sql "SELECT count(*) FROM outbox WHERE event_type = 'media.version.created' AND payload->>'photo_id' = :'v1'" "$P")
is "$n" 4 "every create wrote one event, the refused original none"

# Any writer gets the events (the photo_versions trigger), not only the
# API: a version written by SQL, as a later migration would.
sql "INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type,
    file_id, version_number) VALUES (:'v1', :'v2', :'v3', 'by sql', 'user_edited', 'f_sql', 99)" \
    "ver_sql_$U" "sqlphoto_$U" "$U" >/dev/null
sql "DELETE FROM photo_versions WHERE version_id = :'v1'" "ver_sql_$U" >/dev/null
is "$(sql "SELECT string_agg(event_type || ':' || (payload->>'version_number'), ',' ORDER BY id)
    FROM outbox WHERE aggregate_id = :'v1'" "ver_sql_$U")" \
    "media.version.created:99,media.version.deleted:99" \
    "a version inserted and deleted by SQL writes media.version.created and media.version.deleted"

done_testing
