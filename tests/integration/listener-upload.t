#!/usr/bin/env bash
# listener-upload.t: file.uploaded through NATS: metadata row, original
# version, EXIF, pixel metrics, media.metadata.updated, BR-M007, idempotent
# redelivery, corrupt files (contract §4, issue 5 items 2, 3).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

U=$(new_user)
S=$MEDIA_STORAGE_DIR/$U
mkdir -p "$S"
q() { sql "SELECT $1 FROM photo_metadata WHERE file_id = :'v1'" "$2"; }

# A smart playlist that wants Canon photos, before any upload (BR-M007).
api POST "/playlists?user_id=$U" '{"name":"Canon","playlist_type":"smart","smart_criteria":{"camera_make":"canon"}}'
status_is 201 "a smart playlist for camera_make=canon is created"
PL=$(jq -r .playlist_id <<<"$BODY")

mkjpeg "$S/${U}_exif" 800 600 sharp 128 60 make=Canon model="EOS R5" lens="RF 24-70mm F2.8" \
    focal=50 fnumber=2.8 exposure=1/125 iso=400 flash=1 lat=48.8584 lon=-2.2945 \
    taken="2024:07:14 10:30:00" orientation=6
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_exif\",\"user_id\":\"$U\"}"
is "$(wait_sql t "SELECT full_metadata ? 'analyzed_at' FROM photo_metadata WHERE file_id = '${U}_exif' AND user_id = :'v1'" "$U")" t \
    "file.uploaded (flat form) is analysed"
is "$(q "camera_make || '|' || camera_model || '|' || lens_model" "${U}_exif")" "Canon|EOS R5|RF 24-70mm F2.8" \
    "make, model and lens come from EXIF"
is "$(q "focal_length || '|' || aperture || '|' || shutter_speed" "${U}_exif")" "50 mm|f/2.8|1/125" \
    "focal length, aperture and shutter speed come from EXIF"
is "$(q "iso || '|' || flash_used" "${U}_exif")" "400|true" "ISO and flash come from EXIF"
is "$(q "round(latitude, 4) || ',' || round(longitude, 4)" "${U}_exif")" "48.8584,-2.2945" \
    "GPS is signed decimal degrees (west is negative)"
is "$(q "media_ts(photo_taken_at)" "${U}_exif")" "2024-07-14T10:30:00Z" "DateTimeOriginal is photo_taken_at"
is "$(q "exif_orientation" "${U}_exif")" 6 "the EXIF orientation is kept"
is "$(q "width || 'x' || height" "${U}_exif")" 600x800 \
    "width and height are the size as displayed (orientation 6 turns the stored 800x600)"
is "$(q "full_metadata->>'ai_pending'" "${U}_exif")" false "no AI service configured: nothing pending"
is "$(sql "SELECT version_type || '|' || is_current || '|' || version_number FROM photo_versions WHERE photo_id = '${U}_exif' AND user_id = :'v1'" "$U")" \
    "original|true|1" "the original version is created and current"
api GET "/metadata/${U}_exif?user_id=$U"
status_is 200 "GET /metadata/{file_id} answers 200 for the analysed photo"
jq_is '[.camera_make, .iso, .width, .exif_orientation]|join(",")' "Canon,400,600,6" "and shows the EXIF fields"
api GET "/photos/${U}_exif/versions?user_id=$U"
jq_is '[.[] | .version_type + ":" + (.is_current|tostring)]|join(",")' "original:true" \
    "GET /photos/{id}/versions lists the original, current"
is "$(sql "SELECT count(*) FROM outbox WHERE payload->>'photo_id' = :'v1'
    AND event_type LIKE 'media.version.%'" "${U}_exif")" 0 \
    "the upload's original version writes no media.version.created (a file's life cycle)"
n=$(natsctl dump MEDIA_EVENTS media.metadata.updated | grep -c "\"file_id\": \"${U}_exif\"")
is "$n" 1 "media.metadata.updated reached JetStream once"
is "$(wait_sql 1 "SELECT jsonb_array_length(photo_ids) FROM playlists WHERE playlist_id = :'v1'" "$PL")" 1 \
    "the matching smart playlist now holds the photo (BR-M007)"
api GET "/playlists/$PL?user_id=$U"
jq_is '.photo_ids[0]' "${U}_exif" "and the playlists API shows it"

# Redelivery: the same event again changes nothing.
before=$(q "updated_at" "${U}_exif")
publish file.uploaded "{\"type\":\"file.uploaded\",\"data\":{\"file_id\":\"${U}_exif\",\"user_id\":\"$U\"}}"
mkjpeg "$S/${U}_after" 64 64 sharp 128 10
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_after\",\"user_id\":\"$U\"}"
wait_sql t "SELECT full_metadata ? 'analyzed_at' FROM photo_metadata WHERE file_id = '${U}_after'" >/dev/null
is "$(q "updated_at" "${U}_exif")" "$before" "a redelivered file.uploaded leaves the row as it was"
is "$(sql "SELECT count(*) FROM photo_versions WHERE photo_id = '${U}_exif'")" 1 "and makes no second version"
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = '${U}_exif' AND event_type = 'media.metadata.updated'")" 1 \
    "and emits no second media.metadata.updated"

# Pixel metrics: ordering of sharp/blurry and dark/bright (contract §3.2).
mkjpeg "$S/${U}_sharp" 640 480 sharp 128 60
mkjpeg "$S/${U}_blurry" 640 480 smooth 128 60
mkjpeg "$S/${U}_dark" 640 480 sharp 30 20
mkjpeg "$S/${U}_bright" 640 480 sharp 220 20
for f in ${U}_sharp ${U}_blurry ${U}_dark ${U}_bright; do
	publish file.uploaded "{\"type\":\"file.uploaded\",\"data\":{\"file_id\":\"$f\",\"user_id\":\"$U\"}}"
done
is "$(wait_sql 4 "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND file_id IN ('${U}_sharp','${U}_blurry','${U}_dark','${U}_bright') AND quality_score IS NOT NULL" "$U")" 4 \
    "four photos in the envelope form are analysed"
ok "$(sql "SELECT (SELECT blur_score FROM photo_metadata WHERE file_id = '${U}_sharp') < (SELECT blur_score FROM photo_metadata WHERE file_id = '${U}_blurry')" | grep -x t)" \
    "the sharp photo has a lower blur_score than the blurry one"
ok "$(sql "SELECT (SELECT quality_score FROM photo_metadata WHERE file_id = '${U}_sharp') > (SELECT quality_score FROM photo_metadata WHERE file_id = '${U}_blurry')" | grep -x t)" \
    "and a higher quality_score"
ok "$(sql "SELECT (SELECT brightness FROM photo_metadata WHERE file_id = '${U}_dark') < (SELECT brightness FROM photo_metadata WHERE file_id = '${U}_bright')" | grep -x t)" \
    "the dark photo has a lower brightness than the bright one"
ok "$(sql "SELECT bool_and(brightness BETWEEN 0 AND 1 AND contrast BETWEEN 0 AND 1 AND blur_score BETWEEN 0 AND 1) FROM photo_metadata WHERE user_id = :'v1'" "$U" | grep -x t)" \
    "every metric is within 0..1"
is "$(q "(full_metadata->>'enhancement_candidate') || '|' || (quality_score < 0.5)" "${U}_blurry")" "true|true" \
    "a photo scoring under 0.5 is an enhancement candidate"

# Corrupt and non-image files keep their row with analysis_error.
head -c 5000 /dev/urandom >"$S/${U}_noise"
printf '\xff\xd8\xff\xe0garbage' >"$S/${U}_broken"
for f in ${U}_noise ${U}_broken; do
	publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"$f\",\"user_id\":\"$U\"}"
done
ok "$(wait_sql t "SELECT (SELECT full_metadata ? 'analysis_error' FROM photo_metadata WHERE file_id = '${U}_noise') AND (SELECT full_metadata ? 'analysis_error' FROM photo_metadata WHERE file_id = '${U}_broken')" | grep -x t)" \
    "random bytes and a broken JPEG keep their row with analysis_error"
is "$(sql "SELECT count(*) FROM photo_versions WHERE photo_id IN ('${U}_noise','${U}_broken')")" 2 \
    "and their original version"

# The bytes come only from allowed hosts (contract §4).
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_ssrf\",\"user_id\":\"$U\",\"download_url\":\"http://10.0.0.1:9/secret\"}"
is "$(wait_sql "the download host is not allowed" "SELECT full_metadata->>'analysis_error' FROM photo_metadata WHERE file_id = '${U}_ssrf'")" \
    "the download host is not allowed" "a download_url on a host not allowed is refused"

# Missing or a 404 in storage: the row records why.
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_missing\",\"user_id\":\"$U\"}"
is "$(wait_sql "download failed: HTTP 404" "SELECT full_metadata->>'analysis_error' FROM photo_metadata WHERE file_id = '${U}_missing'")" \
    "download failed: HTTP 404" "a file storage does not have is an analysis_error"

# A malformed event is dropped; the listener goes on.
publish file.uploaded '{"event_type":"file.uploaded","file_id":"../etc","user_id":"x"}'
publish file.uploaded 'not json'
mkjpeg "$S/${U}_last" 64 64 sharp 128 10
publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_last\",\"user_id\":\"$U\"}"
is "$(wait_sql t "SELECT full_metadata ? 'analyzed_at' FROM photo_metadata WHERE file_id = '${U}_last'")" t \
    "after malformed events the next upload is still analysed"
is "$(sql "SELECT count(*) FROM photo_metadata WHERE file_id = '../etc'")" 0 "the malformed one made no row"

done_testing
