-- 053_json_in_c.sql: playlists, versions, metadata and schedules are read
-- as plain rows and rendered to JSON in C (shared/rowjson.c, issue 11), so
-- the SQL functions that built their JSON are gone. A database made before
-- still has them: drop them here (sql/functions/ no longer defines them).
-- The running binaries of the release before call them: a live deploy
-- drops them once every function runs the new ones (tools/migrate.sh).
-- migrate: after deploy
DROP FUNCTION IF EXISTS media_playlist_json_now(playlists);
DROP FUNCTION IF EXISTS media_playlist_json(playlists);
DROP FUNCTION IF EXISTS media_version_json(photo_versions);
DROP FUNCTION IF EXISTS media_metadata_json(photo_metadata);
DROP FUNCTION IF EXISTS media_schedule_json(rotation_schedules);
