#!/usr/bin/env bash
# photos-ownership.t: a photo is keyed by its owner (issue 10 finding 3,
# sql/051). Another user's photo answers exactly as a never-existing one,
# on every route that names a photo (same status, same body but for the
# ids the test chose and what the server makes anew: ids, times), and
# nobody can take another's id: B's version or metadata for A's id is B's
# own photo, and A's later upload of that id is still A's.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

A=$(new_user)
B=$(new_user)
P=pa_$A		# A's photo: versions (one with a cloud_url) and metadata
api POST "/photos/$P/versions?user_id=$A" "{\"version_name\":\"o\",\"version_type\":\"original\",\"file_id\":\"$P\"}"
VA=$(jq -r .version_id <<<"$BODY")
api POST "/photos/$P/versions?user_id=$A" "{\"version_name\":\"e\",\"version_type\":\"ai_enhanced\",\"file_id\":\"${P}_e\",\"cloud_url\":\"http://secret.example/$A\"}"
VA2=$(jq -r .version_id <<<"$BODY")
api PUT "/metadata/$P?user_id=$A" '{"ai_labels":["secret"],"quality_score":0.9}'
is "$STATUS $(grep -c '^ver_[0-9a-f]\{24\}$' <<<"$VA
$VA2")" "200 2" "setup: A's photo has two versions and metadata"

# shape BODY IDS...: BODY with each of IDS as ID, server-made ids and times
# as *, keys sorted: what must be byte-identical.
shape() {
	local b=$1 id
	shift
	for id in "$@"; do b=${b//"$id"/ID}; done
	jq -cS 'walk(if type == "object" then with_entries(
	    if .value != null and (.key | test("_at$|^(version|cache|schedule|playlist)_id$"))
	    then .value = "*" else . end) else . end)' <<<"$b" 2>/dev/null || echo "$b"
}
# same DESC METHOD PATH_FOREIGN PATH_MISSING [BODY_FOREIGN [BODY_MISSING]]
same() {
	local m=$2 bf=${5-} bm=${6-${5-}} ids=("$P" "$VA" "$VA2" "$M" "$VM")
	api "$m" "$3" "$bf"; local got="$STATUS $(header X-Total-Count) $(shape "$BODY" "${ids[@]}")"
	api "$m" "$4" "$bm"; local want="$STATUS $(header X-Total-Count) $(shape "$BODY" "${ids[@]}")"
	is "$got" "$want" "$1 ($(cut -c1-60 <<<"$want"))"
}
M=none_$B	# an id nobody ever had
VM=ver_$(printf '%024x' 0)

same "GET /photos/{id}/versions of another user's photo answers as a missing one" GET \
    "/photos/$P/versions?user_id=$B" "/photos/$M/versions?user_id=$B"
api GET "/photos/$P/versions?user_id=$B"
is "$STATUS $BODY $(header X-Total-Count)" "200 [] 0" "which is 200 [] with X-Total-Count 0"
same "GET of another user's version answers as a missing one" GET \
    "/photos/$P/versions/$VA?user_id=$B" "/photos/$M/versions/$VM?user_id=$B"
same "PUT .../current of another user's version answers as a missing one" PUT \
    "/photos/$P/versions/$VA/current?user_id=$B" "/photos/$M/versions/$VM/current?user_id=$B"
same "DELETE of another user's version answers as a missing one" DELETE \
    "/photos/$P/versions/$VA2?user_id=$B" "/photos/$M/versions/$VM?user_id=$B"
same "GET /metadata of another user's photo answers as a missing one" GET \
    "/metadata/$P?user_id=$B" "/metadata/$M?user_id=$B"
api GET "/metadata/$P?user_id=$B"
status_is 404 "which is a 404"
same "POST /cache of another user's photo answers as one of a missing photo" POST \
    "/cache?user_id=$B" "/cache?user_id=$B" "{\"frame_id\":\"f1\",\"photo_id\":\"$P\"}" \
    "{\"frame_id\":\"f1\",\"photo_id\":\"$M\"}"
jq_is '[.cache_status, .version_id]|map(tostring)|join(",")' "pending,null" \
    "which is B's own pending entry, of no version"
same "POST /cache naming another user's version answers as a missing version" POST \
    "/cache?user_id=$B" "/cache?user_id=$B" "{\"frame_id\":\"f2\",\"photo_id\":\"$P\",\"version_id\":\"$VA2\"}" \
    "{\"frame_id\":\"f2\",\"photo_id\":\"$M\",\"version_id\":\"$VM\"}"

# Playlists and what a schedule's frame shows.
api POST "/playlists?user_id=$B" "{\"name\":\"x\",\"photo_ids\":[\"$P\"]}"
PLF=$(jq -r .playlist_id <<<"$BODY")
api POST "/playlists?user_id=$B" "{\"name\":\"x\",\"photo_ids\":[\"$M\"]}"
PLM=$(jq -r .playlist_id <<<"$BODY")
same "POST /playlists/{id}/photos with another user's photo answers as with a missing one" POST \
    "/playlists/$PLF/photos?user_id=$B" "/playlists/$PLM/photos?user_id=$B" \
    "{\"photo_ids\":[\"$P\"]}" "{\"photo_ids\":[\"$M\"]}"
same "DELETE /playlists/{id}/photos/{photo} of another user's photo answers as a missing one" DELETE \
    "/playlists/$PLM/photos/$P?user_id=$B" "/playlists/$PLF/photos/$M?user_id=$B"
api POST "/schedules?user_id=$B" "{\"frame_id\":\"ff_$B\",\"playlist_id\":\"$PLF\"}"
SF=$(jq -r .schedule_id <<<"$BODY")
api POST "/schedules?user_id=$B" "{\"frame_id\":\"fm_$B\",\"playlist_id\":\"$PLM\"}"
SM=$(jq -r .schedule_id <<<"$BODY")
got=$(api GET "/schedules/$SF/photos?user_id=$B"; echo "$STATUS $(shape "$BODY" "$P" "ff_$B")")
want=$(api GET "/schedules/$SM/photos?user_id=$B"; echo "$STATUS $(shape "$BODY" "$M" "fm_$B")")
is "$got" "$want" "GET /schedules/{id}/photos shows another user's photo as a missing one"
api GET "/schedules/$SF/photos?user_id=$B"
jq_is '[.photos[].url]|unique|join(",")' "$(sed "s/{user_id}/$B/; s/{file_id}/$P/" <<<"$MEDIA_STORAGE_URL_TEMPLATE")" \
    "B's own storage URL, never A's version or cloud_url"
is "$(sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND photo_id = :'v2' AND version_id IS NOT NULL" "$B" "$P")" 0 \
    "and no entry of B names A's version"

# Internal calls name the owner: a photo is (user_id, photo_id).
for r in "GET /photos/$P/versions" "GET /metadata/$P"; do
	api ${r% *} "${r#* }" "" -H 'X-Internal-Call: true'
	is "$STATUS $(jq -r .field <<<"$BODY")" "400 user_id" "$r with X-Internal-Call but no user_id is a 400 naming user_id"
done

# No squatting: B's writes to A's ids make B's own photo and leave A's alone.
api POST "/photos/$P/versions?user_id=$B" "{\"version_name\":\"b\",\"version_type\":\"user_edited\",\"file_id\":\"$P\"}"
status_is 201 "B creating a version for A's photo id gets a 201"
jq_is '[.user_id, .version_number, .is_current]|map(tostring)|join(",")' "$B,1,true" \
    "the first version of B's own photo"
api GET "/photos/$P/versions?user_id=$A"
jq_is '[.[] | [.version_id, .is_current, .user_id] | map(tostring) | join(":")] | join(",")' \
    "$VA2:true:$A,$VA:false:$A" "A's versions are unchanged, the enhanced one still current"
api PUT "/metadata/$P?user_id=$B" '{"ai_labels":["bee"]}'
status_is 200 "B's PUT /metadata for A's photo id gets a 200"
jq_is '[.user_id, (.ai_labels|join(","))]|join(",")' "$B,bee" "with B's own row"
api GET "/metadata/$P?user_id=$A"
jq_is '[.user_id, (.ai_labels|join(",")), .quality_score]|map(tostring)|join(",")' "$A,secret,0.9" \
    "A's metadata is untouched"

# B PUTs metadata for a file_id A has not uploaded yet; A's upload is A's.
X=px_$A
api PUT "/metadata/$X?user_id=$B" '{"ai_labels":["squat"]}'
mkdir -p "$MEDIA_STORAGE_DIR/$A"
mkjpeg "$MEDIA_STORAGE_DIR/$A/$X" 320 200 sharp 128 60 make=Canon
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"$X\",\"user_id\":\"$A\"}"
is "$(wait_sql t "SELECT full_metadata ? 'analyzed_at' FROM photo_metadata WHERE user_id = :'v1' AND file_id = :'v2'" "$A" "$X")" t \
    "A's file.uploaded for an id B squatted is analysed into A's row"
api GET "/metadata/$X?user_id=$A"
jq_is '[.user_id, .camera_make]|join(",")' "$A,Canon" "A reads its own metadata"
is "$(sql "SELECT user_id || ',' || version_type FROM photo_versions WHERE photo_id = :'v1'" "$X")" "$A,original" \
    "and A's original version was made"
api GET "/metadata/$X?user_id=$B"
jq_is '[.user_id, (.ai_labels|join(",")), (.full_metadata|has("analyzed_at"))]|map(tostring)|join(",")' "$B,squat,false" \
    "B's row is still B's, not analysed with A's bytes"

# file.deleted and user.deleted touch only their user's rows of a shared id.
publish file.deleted "{\"event_type\":\"file.deleted\",\"file_id\":\"$P\",\"user_id\":\"$B\"}"
is "$(wait_sql 0 "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND file_id = :'v2'" "$B" "$P")" 0 \
    "B's file.deleted of the shared id removes B's metadata"
is "$(sql "SELECT count(*) FROM photo_versions WHERE user_id = :'v1' AND photo_id = :'v2'" "$B" "$P")" 0 "and B's version"
is "$(sql "SELECT (SELECT count(*) FROM photo_versions WHERE user_id = :'v1' AND photo_id = :'v2')
              || ',' || (SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND file_id = :'v2')" "$A" "$P")" "2,1" \
    "A's versions and metadata of that id stay"
publish user.deleted "{\"event_type\":\"user.deleted\",\"user_id\":\"$A\"}"
is "$(wait_sql 0 "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1'" "$A")" 0 "user.deleted erases A's rows"
is "$(sql "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND file_id = :'v2'" "$B" "$X")" 1 \
    "B's row of the id A also had stays"
done_testing
