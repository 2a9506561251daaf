-- 054_events_by_trigger.sql: every event is written by a row trigger on
-- the table whose change it announces (sql/functions/80_outbox.sql), and
-- PUT /metadata and the listener share one metadata patch
-- (media_metadata_patch, 20_metadata.sql). The function that wrote
-- media.metadata.updated for its callers goes; a database made before
-- still has it (sql/functions/ no longer defines it).
DROP FUNCTION IF EXISTS media_metadata_changed(text, text);
