-- 80_outbox.sql: every event the service writes (contract §4), and what
-- the outbox relay (functions/listener/relay.c) needs: a wake-up on every
-- commit that adds events, and the lease of the rows it publishes (issue
-- 10 finding 11: rows leased, not held locked across the publishes).
--
-- One way to write an event: a row trigger on the table whose change the
-- event announces, one per table, all in this file and written alike
-- (README "Events"). A trigger, not a call in each writer: every writer
-- (a handler, the listener, an SQL function such as media_smart_refresh or
-- media_day_change, a later migration) gets its event in its own
-- transaction, and none can forget it. The payloads are design.md's; the
-- relay adds event_id, event_type and timestamp (media_outbox_lease).
--
-- The one exception a trigger cannot see by itself: a photo's file life
-- cycle. file.uploaded inserts the original version and file.deleted
-- removes a photo's versions (functions/listener/upload.c, erase.c); the
-- storage service's own file.* event announces those, and no
-- media.version.* event ever went with them. Those transactions say so with
-- media_file_lifecycle() and the versions trigger writes nothing for them.

-- Called in a listener transaction that writes versions as part of a
-- file's life cycle (above), before it writes them: no media.version.*
-- events in it. True, so that a statement can call it in its WHERE.
CREATE OR REPLACE FUNCTION media_file_lifecycle() RETURNS boolean
LANGUAGE sql VOLATILE AS $$
SELECT set_config('media.file_lifecycle', 'on', true) = 'on';
$$;

-- media.version.created / media.version.deleted payload (design.md).
CREATE OR REPLACE FUNCTION media_version_event(v photo_versions) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT jsonb_build_object('photo_id', v.photo_id, 'version_id', v.version_id,
    'version_type', v.version_type, 'version_number', v.version_number,
    'user_id', v.user_id, 'file_id', v.file_id)
$$;

-- media.version.created on an insert, media.version.deleted on a delete of
-- a photo version (contract §3.1): POST and DELETE
-- /photos/{photo_id}/versions (not the file life cycle, above).
CREATE OR REPLACE FUNCTION media_version_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('media.file_lifecycle', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        INSERT INTO outbox (event_type, aggregate_id, payload)
        VALUES ('media.version.deleted', OLD.version_id, media_version_event(OLD));
    ELSE
        INSERT INTO outbox (event_type, aggregate_id, payload)
        VALUES ('media.version.created', NEW.version_id, media_version_event(NEW));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER photo_versions_outbox AFTER INSERT OR DELETE ON photo_versions
    FOR EACH ROW EXECUTE FUNCTION media_version_outbox();

-- media.metadata.updated on every update of a photo's metadata (contract
-- §3.2, the API and the listener's analysis: media_metadata_patch). Not
-- on the insert: a row is made empty (its defaults) by file.uploaded or by
-- PUT /metadata, and filled by the patch, whose update is the news; so a
-- PUT that creates the row gives one event, as one that finds it.
CREATE OR REPLACE FUNCTION media_metadata_event(m photo_metadata) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT jsonb_build_object('file_id', m.file_id, 'user_id', m.user_id,
    'ai_labels', m.ai_labels, 'quality_score', m.quality_score)
$$;

CREATE OR REPLACE FUNCTION media_metadata_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox (event_type, aggregate_id, payload)
    VALUES ('media.metadata.updated', NEW.file_id, media_metadata_event(NEW));
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER photo_metadata_outbox AFTER UPDATE ON photo_metadata
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION media_metadata_outbox();

-- media.playlist.updated on every insert, update and delete of a playlist
-- (contract §3.3, BR-M007): the API, the BR-M007 re-check after a
-- metadata change, the day change, the listener's cascades.
CREATE OR REPLACE FUNCTION media_playlist_event(p playlists) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT jsonb_build_object('playlist_id', p.playlist_id, 'user_id', p.user_id,
    'photo_count', jsonb_array_length(p.photo_ids), 'playlist_type', p.playlist_type)
$$;

CREATE OR REPLACE FUNCTION media_playlist_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO outbox (event_type, aggregate_id, payload)
        VALUES ('media.playlist.updated', OLD.playlist_id,
                media_playlist_event(OLD) || '{"deleted": true}'::jsonb);
    ELSE
        INSERT INTO outbox (event_type, aggregate_id, payload)
        VALUES ('media.playlist.updated', NEW.playlist_id, media_playlist_event(NEW));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER playlists_outbox_insert_delete AFTER INSERT OR DELETE ON playlists
    FOR EACH ROW EXECUTE FUNCTION media_playlist_outbox();

CREATE OR REPLACE TRIGGER playlists_outbox_update AFTER UPDATE ON playlists
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION media_playlist_outbox();

-- media.schedule.updated on every insert, update and delete of a schedule
-- (contract §4): the API, and the listener when a trigger event arrives.
CREATE OR REPLACE FUNCTION media_schedule_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    s rotation_schedules;
BEGIN
    s := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    INSERT INTO outbox (event_type, aggregate_id, payload)
    VALUES ('media.schedule.updated', s.schedule_id, jsonb_build_object(
        'schedule_id', s.schedule_id, 'user_id', s.user_id, 'frame_id', s.frame_id,
        'playlist_id', s.playlist_id, 'schedule_type', s.schedule_type,
        'is_active', s.is_active, 'triggered_until', media_ts(s.triggered_until),
        'action', CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated'
                             ELSE 'deleted' END,
        'deleted', TG_OP = 'DELETE'));
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER rotation_schedules_outbox_insert_delete AFTER INSERT OR DELETE
    ON rotation_schedules FOR EACH ROW EXECUTE FUNCTION media_schedule_outbox();

CREATE OR REPLACE TRIGGER rotation_schedules_outbox_update AFTER UPDATE ON rotation_schedules
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION media_schedule_outbox();

-- media.cache.ready when a cache entry gets its file (contract §3.5): it
-- becomes a fresh cached entry, or a cached one gets a new file (a
-- re-render for a new display profile). Writing a file is the one update
-- that sets expires_at (now + 30 days, functions/listener/render.c); a
-- hit, a lease or a failed re-render leaves it.
CREATE OR REPLACE FUNCTION media_cache_event(c photo_cache) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT jsonb_build_object('cache_id', c.cache_id, 'frame_id', c.frame_id,
    'photo_id', c.photo_id, 'user_id', c.user_id, 'cached_url', c.cached_url,
    'cache_size', c.cache_size)
$$;

CREATE OR REPLACE FUNCTION media_cache_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox (event_type, aggregate_id, payload)
    VALUES ('media.cache.ready', NEW.cache_id, media_cache_event(NEW));
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER photo_cache_outbox AFTER UPDATE ON photo_cache
    FOR EACH ROW WHEN (media_cache_status(NEW) = 'cached'
        AND (OLD.cache_status IS DISTINCT FROM 'cached' OR OLD.expires_at IS DISTINCT FROM NEW.expires_at))
    EXECUTE FUNCTION media_cache_outbox();

-- Outbox relay latency (contract §4): every commit that adds outbox rows
-- wakes the relays LISTENing on a direct connection; they still poll
-- (NOTIFY is only a hint: a relay that was reconnecting misses it).
CREATE OR REPLACE FUNCTION media_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('media_outbox', '');
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION media_outbox_notify();

-- One statement, its own transaction: lease the oldest unpublished rows
-- for lease_s seconds and return the message bodies in id order. Ordering
-- across several relays: a row is taken only while no earlier unpublished
-- row of its aggregate is under another live lease, and an advisory lock
-- per aggregate for this statement's transaction keeps two concurrent
-- leases apart; SKIP LOCKED keeps them from waiting. A relay that dies
-- mid-batch leaves leases that expire: the rows go again, and JetStream's
-- duplicate window (Nats-Msg-Id = event_id) drops what was already sent.
CREATE OR REPLACE FUNCTION media_outbox_lease(n int, lease_s int) RETURNS TABLE
    (id bigint, event_id text, event_type text, body text)
LANGUAGE sql AS $$
    WITH c AS (
        SELECT o.id FROM outbox o
        WHERE o.published_at IS NULL
          AND (o.leased_until IS NULL OR o.leased_until < now())
          AND NOT EXISTS (SELECT 1 FROM outbox e
              WHERE e.aggregate_id = o.aggregate_id AND e.published_at IS NULL
                AND e.id < o.id AND e.leased_until >= now())
          AND pg_try_advisory_xact_lock(hashtext('media_outbox'), hashtext(o.aggregate_id))
        ORDER BY o.id
        LIMIT n
        FOR UPDATE SKIP LOCKED
    ), u AS (
        UPDATE outbox o SET leased_until = now() + make_interval(secs => lease_s)
        FROM c WHERE o.id = c.id
        RETURNING o.id, o.event_id::text, o.event_type::text,
            (o.payload || jsonb_build_object('event_id', o.event_id,
                'event_type', o.event_type, 'timestamp', media_ts(o.created_at)))::text AS body
    )
    SELECT u.id, u.event_id, u.event_type, u.body FROM u ORDER BY u.id
$$;
