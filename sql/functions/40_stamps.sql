-- 40_stamps.sql: the per-user stamp a stored manifest (75_manifests.sql)
-- depends on. Everything a schedule's manifest reads belongs to its user:
-- the schedule, the playlist, the photos' versions and metadata, the
-- frame's profile and cache entries. Every write to those rows bumps the
-- user's stamp (triggers, so no writer can forget: the API, the listener,
-- the download worker).
--
-- The stamp is bumped at commit (the lock order of
-- sql/migrations/052_lock_order.sql: media_user_stamps last). A row trigger
-- notes the user in this transaction's rows of media_user_stamp_pending (an
-- insert: it waits for nobody); a deferred constraint trigger on that table
-- bumps every noted user once, in user_id order, as the transaction
-- commits, and forgets them.

-- The row trigger: notes the row's user, before and after (a row that
-- changes user_id counts for both).
CREATE OR REPLACE FUNCTION media_user_stamp_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO media_user_stamp_pending (user_id) VALUES (OLD.user_id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO media_user_stamp_pending (user_id) VALUES (NEW.user_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER rotation_schedules_stamp AFTER INSERT OR UPDATE OR DELETE ON rotation_schedules
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();

CREATE OR REPLACE TRIGGER playlists_stamp AFTER INSERT OR UPDATE OR DELETE ON playlists
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();

CREATE OR REPLACE TRIGGER photo_versions_stamp AFTER INSERT OR UPDATE OR DELETE ON photo_versions
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();

-- Metadata matters only for who owns a photo; analysis updates do not count.
CREATE OR REPLACE TRIGGER photo_metadata_stamp AFTER INSERT OR DELETE OR UPDATE OF user_id ON photo_metadata
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();

-- A hit (hit_count, last_accessed_at) changes no manifest.
CREATE OR REPLACE TRIGGER photo_cache_stamp_insert_delete AFTER INSERT OR DELETE ON photo_cache
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();

CREATE OR REPLACE TRIGGER photo_cache_stamp_update AFTER UPDATE ON photo_cache
    FOR EACH ROW WHEN ((OLD.user_id, OLD.frame_id, OLD.photo_id, OLD.version_id,
                        OLD.cache_status, OLD.cached_url, OLD.expires_at, OLD.created_at,
                        OLD.width, OLD.height)
        IS DISTINCT FROM (NEW.user_id, NEW.frame_id, NEW.photo_id, NEW.version_id,
                          NEW.cache_status, NEW.cached_url, NEW.expires_at, NEW.created_at,
                          NEW.width, NEW.height))
    EXECUTE FUNCTION media_user_stamp_bump();

-- A stored schedule manifest (75_manifests.sql) describes renders made for the
-- frame's display: a profile that appears, goes, or changes its size or
-- fit bumps the user's stamp. A rename changes no manifest.
CREATE OR REPLACE TRIGGER frames_stamp_insert_delete AFTER INSERT OR DELETE ON frames
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();

CREATE OR REPLACE TRIGGER frames_stamp_update AFTER UPDATE ON frames
    FOR EACH ROW WHEN ((OLD.user_id, OLD.display_width, OLD.display_height, OLD.fit)
        IS DISTINCT FROM (NEW.user_id, NEW.display_width, NEW.display_height, NEW.fit))
    EXECUTE FUNCTION media_user_stamp_bump();

-- The first firing at commit bumps them all; the others find none left.
CREATE OR REPLACE FUNCTION media_user_stamp_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH p AS (
        DELETE FROM media_user_stamp_pending WHERE xact = pg_current_xact_id()
        RETURNING user_id)
    INSERT INTO media_user_stamps AS u (user_id, stamp)
    SELECT p.user_id, 1 FROM p ORDER BY p.user_id
    ON CONFLICT (user_id) DO UPDATE SET stamp = u.stamp + 1;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS media_user_stamp_flush ON media_user_stamp_pending;
CREATE CONSTRAINT TRIGGER media_user_stamp_flush AFTER INSERT ON media_user_stamp_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION media_user_stamp_flush();

-- An erasure (listener user.deleted) removes the user's stamp: what its
-- deletions noted must not bring the row back at commit.
CREATE OR REPLACE FUNCTION media_user_stamp_erase(p_user text) RETURNS void
LANGUAGE sql VOLATILE AS $$
DELETE FROM media_user_stamp_pending WHERE xact = pg_current_xact_id() AND user_id = p_user;
DELETE FROM media_user_stamps WHERE user_id = p_user;
$$;
