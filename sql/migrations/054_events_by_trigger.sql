-- 054_events_by_trigger.sql: every event is written by a row trigger on
-- the table whose change it announces (sql/functions/80_outbox.sql);
-- PUT /metadata and the listener share one metadata patch
-- (media_metadata_patch, 20_metadata.sql); cache entries are read as plain
-- rows (media_cache_entry, 50_cache.sql) and rendered to JSON in C. A
-- database made before still has the functions these replace
-- (sql/functions/ no longer defines them): drop them here.
-- The running binaries of the release before call them: a live deploy
-- drops them once every function runs the new ones (tools/migrate.sh).
-- migrate: after deploy
DROP FUNCTION IF EXISTS media_metadata_changed(text, text);
DROP FUNCTION IF EXISTS media_cache_json(photo_cache);
