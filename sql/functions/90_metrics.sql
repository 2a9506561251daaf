-- 90_metrics.sql: business counters of /metrics (contract §3.6) that no
-- single process sees whole: versions are created by the versions function
-- and by the listener, smart playlists re-populated by metadata updates on
-- any host. Triggers count them in the same transaction as the change, so a
-- rolled-back change is never counted. Statement-level with transition
-- tables: a bulk insert is one upsert, not one per row.

-- media_photo_versions_total{version_type}: versions ever created.
CREATE OR REPLACE FUNCTION media_count_versions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO media_counters AS c (name, label, shard, value)
    SELECT 'photo_versions', version_type, pg_backend_pid() % 8, count(*)
    FROM new_rows GROUP BY version_type
    ON CONFLICT (name, label, shard) DO UPDATE SET value = c.value + EXCLUDED.value;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER photo_versions_count AFTER INSERT ON photo_versions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION media_count_versions();

-- media_smart_playlist_update_total: smart playlists whose photo_ids changed
-- after creation (BR-M007 re-population on a criteria or metadata change).
CREATE OR REPLACE FUNCTION media_count_smart_updates() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO media_counters AS c (name, label, shard, value)
    SELECT 'smart_playlist_updates', '', pg_backend_pid() % 8, count(*)
    FROM new_rows n JOIN old_rows o USING (playlist_id)
    WHERE n.playlist_type = 'smart' AND n.photo_ids IS DISTINCT FROM o.photo_ids
    HAVING count(*) > 0
    ON CONFLICT (name, label, shard) DO UPDATE SET value = c.value + EXCLUDED.value;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER playlists_smart_update_count AFTER UPDATE ON playlists
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION media_count_smart_updates();
