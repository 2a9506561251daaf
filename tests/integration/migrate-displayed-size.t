#!/usr/bin/env bash
# migrate-displayed-size.t: sql/047 upgrades photos the old analysis
# measured: width/height become the displayed size (orientation 6), the
# smart playlist by orientation takes the photo in, media.metadata.updated
# says so; a client's own row and a second run change nothing.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
# As the libjpeg analysis left them: stored size, analyzed_at, no format.
sql "INSERT INTO photo_metadata (file_id, user_id, width, height, exif_orientation, full_metadata) VALUES
     (:'v1' || '_old', :'v1', 4000, 3000, 6, '{\"analyzed_at\": \"2026-01-01T00:00:00Z\"}'),
     (:'v1' || '_client', :'v1', 4000, 3000, 6, '{}')" "$U" >/dev/null
api POST "/playlists?user_id=$U" '{"name":"tall","playlist_type":"smart","smart_criteria":{"orientation":"portrait"}}'
PL=$(jq -r .playlist_id <<<"$BODY")
jq_is '.photo_ids | length' 0 "before: the phone photo reads as landscape"

migrate() { psql -X -q -v ON_ERROR_STOP=1 -1 -h 127.0.0.1 -p "$MEDIA_PGBOUNCER_PORT" -U "$MEDIA_PG_USER" \
    -f "$(dirname "$0")/../../sql/047_displayed_size.sql" "$MEDIA_PG_DB" >/dev/null; }
migrate
is "$(sql "SELECT width || 'x' || height || ' ' || (full_metadata->>'format') FROM photo_metadata WHERE file_id = :'v1' || '_old'" "$U")" \
    "3000x4000 jpeg" "the old analysis's row gets the displayed size"
is "$(sql "SELECT width || 'x' || height FROM photo_metadata WHERE file_id = :'v1' || '_client'" "$U")" "4000x3000" \
    "a row a client wrote stays as it was"
api GET "/playlists/$PL?user_id=$U"
jq_is '.photo_ids | join(",")' "${U}_old" "the smart playlist by orientation now holds it"
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' || '_old' AND event_type = 'media.metadata.updated'" "$U")" 1 \
    "with its media.metadata.updated"
migrate
is "$(sql "SELECT width || 'x' || height FROM photo_metadata WHERE file_id = :'v1' || '_old'" "$U")" "3000x4000" \
    "a second run changes nothing"
done_testing
