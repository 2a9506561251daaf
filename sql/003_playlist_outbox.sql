-- 003_playlist_outbox.sql: every change to a playlist row writes
-- media.playlist.updated to the outbox in the same transaction (contract
-- §3.3). A trigger, so no writer can forget it: the API, the BR-M007
-- re-check after a metadata change, and the listener's cascades.
CREATE FUNCTION media_playlist_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO outbox (event_type, aggregate_id, payload)
        VALUES ('media.playlist.updated', OLD.playlist_id,
                media_playlist_event(OLD) || '{"deleted": true}'::jsonb);
        RETURN OLD;
    END IF;
    INSERT INTO outbox (event_type, aggregate_id, payload)
    VALUES ('media.playlist.updated', NEW.playlist_id, media_playlist_event(NEW));
    RETURN NEW;
END
$$;

CREATE TRIGGER playlists_outbox_insert_delete AFTER INSERT OR DELETE ON playlists
    FOR EACH ROW EXECUTE FUNCTION media_playlist_outbox();
CREATE TRIGGER playlists_outbox_update AFTER UPDATE ON playlists
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION media_playlist_outbox();
