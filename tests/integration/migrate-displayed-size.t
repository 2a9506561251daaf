#!/usr/bin/env bash
# migrate-displayed-size.t: sql/migrations/047 upgrades photos the old analysis
# measured: width/height become the displayed size (orientation 6), the
# smart playlist by orientation takes the photo in, media.metadata.updated
# says so; a client's own row and a second run change nothing. It runs on
# a database made at the schema before 047, from git history (later
# migrations, such as 051's keys by owner, change what its statements may
# call; the functions in force then are sql/010's).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/migrate.sh"

DB=media_mig047_$$
U=u1
old_db "$DB" "$OLD_SQL_REV" 047
q() { db_sql "$DB" "$@"; }
# As the libjpeg analysis left them: stored size, analyzed_at, no format.
q "INSERT INTO photo_metadata (file_id, user_id, width, height, exif_orientation, full_metadata) VALUES
     (:'v1' || '_old', :'v1', 4000, 3000, 6, '{\"analyzed_at\": \"2026-01-01T00:00:00Z\"}'),
     (:'v1' || '_client', :'v1', 4000, 3000, 6, '{}');
   INSERT INTO playlists (playlist_id, name, user_id, playlist_type, smart_criteria)
     VALUES ('pl_tall', 'tall', :'v1', 'smart', '{\"orientation\":\"portrait\"}')" "$U" >/dev/null
is "$(q "SELECT jsonb_array_length(photo_ids) FROM playlists WHERE playlist_id = 'pl_tall'")" 0 \
    "before: the phone photo reads as landscape"

F=$(dirname "$0")/../../sql/migrations/047_displayed_size.sql
run_file "$DB" "$F"
is "$(q "SELECT width || 'x' || height || ' ' || (full_metadata->>'format') FROM photo_metadata WHERE file_id = :'v1' || '_old'" "$U")" \
    "3000x4000 jpeg" "the old analysis's row gets the displayed size"
is "$(q "SELECT width || 'x' || height FROM photo_metadata WHERE file_id = :'v1' || '_client'" "$U")" "4000x3000" \
    "a row a client wrote stays as it was"
is "$(q "SELECT photo_ids->>0 FROM playlists WHERE playlist_id = 'pl_tall'")" "${U}_old" \
    "the smart playlist by orientation now holds it"
is "$(q "SELECT count(*) FROM outbox WHERE aggregate_id = :'v1' || '_old' AND event_type = 'media.metadata.updated'" "$U")" 1 \
    "with its media.metadata.updated"
run_file "$DB" "$F"
is "$(q "SELECT width || 'x' || height FROM photo_metadata WHERE file_id = :'v1' || '_old'" "$U")" "3000x4000" \
    "a second run changes nothing"
done_testing
