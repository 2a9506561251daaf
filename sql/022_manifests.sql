-- 022_manifests.sql: what a frame shows now (GET /schedules/{id}/photos),
-- computed once and kept until something it depends on changes, so that
-- the poll of a frame whose photos did not change is one indexed lookup.
--
-- Everything a schedule's manifest reads belongs to its user: the schedule,
-- the playlist, the photos' versions and metadata, the frame's cache
-- entries. Every write to those rows bumps the user's stamp (triggers
-- below, so no writer can forget: the API, the listener, the download
-- worker). A stored manifest is used only while its stamp is the user's
-- current one and valid_until has not passed. The stamp is read in the same
-- snapshot as the inputs, so a change that commits during a computation
-- leaves an old stamp behind and the next poll computes again.
--
-- valid_until covers what changes with the clock alone: a time window can
-- open or close at the next minute, a trigger runs out, a cached file
-- expires. Five minutes at most: a safety net for what the stamp cannot
-- see (another user's metadata claiming a photo id of this playlist).

CREATE TABLE media_user_stamps (
    user_id VARCHAR(50) PRIMARY KEY,
    stamp   BIGINT NOT NULL
);

CREATE TABLE schedule_manifests (
    schedule_id VARCHAR(50) PRIMARY KEY
                REFERENCES rotation_schedules (schedule_id) ON DELETE CASCADE,
    user_id     VARCHAR(50) NOT NULL,
    stamp       BIGINT NOT NULL,
    valid_until TIMESTAMPTZ NOT NULL,
    etag        TEXT NOT NULL,
    body        JSON NOT NULL
);

CREATE FUNCTION media_user_stamp_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO media_user_stamps AS u (user_id, stamp) VALUES (OLD.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET stamp = u.stamp + 1;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO media_user_stamps AS u (user_id, stamp) VALUES (NEW.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET stamp = u.stamp + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.user_id IS DISTINCT FROM OLD.user_id THEN
            INSERT INTO media_user_stamps AS u (user_id, stamp) VALUES (NEW.user_id, 1)
            ON CONFLICT (user_id) DO UPDATE SET stamp = u.stamp + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER rotation_schedules_stamp AFTER INSERT OR UPDATE OR DELETE ON rotation_schedules
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();
CREATE TRIGGER playlists_stamp AFTER INSERT OR UPDATE OR DELETE ON playlists
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();
CREATE TRIGGER photo_versions_stamp AFTER INSERT OR UPDATE OR DELETE ON photo_versions
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();
-- Metadata matters only for who owns a photo; analysis updates do not count.
CREATE TRIGGER photo_metadata_stamp AFTER INSERT OR DELETE OR UPDATE OF user_id ON photo_metadata
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();
-- A hit (hit_count, last_accessed_at) changes no manifest.
CREATE TRIGGER photo_cache_stamp_insert_delete AFTER INSERT OR DELETE ON photo_cache
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();
CREATE TRIGGER photo_cache_stamp_update AFTER UPDATE ON photo_cache
    FOR EACH ROW WHEN ((OLD.user_id, OLD.frame_id, OLD.photo_id, OLD.version_id,
                        OLD.cache_status, OLD.cached_url, OLD.expires_at, OLD.created_at)
        IS DISTINCT FROM (NEW.user_id, NEW.frame_id, NEW.photo_id, NEW.version_id,
                          NEW.cache_status, NEW.cached_url, NEW.expires_at, NEW.created_at))
    EXECUTE FUNCTION media_user_stamp_bump();

-- The manifest of schedule p_schedule (of p_user, or any user when NULL):
-- schedule_found false when there is no such schedule; manifest NULL when
-- its playlist is gone (EC-M004); n_missing > 0 when photos in force lack
-- a live cache entry (the caller queues them, then asks again). A complete
-- manifest is stored for the next poll. plpgsql, so both statements keep
-- their plans in each pooled server connection (no prepared statements
-- through pgbouncer in transaction mode).
CREATE FUNCTION media_schedule_manifest(p_schedule text, p_user text, p_template text,
    OUT schedule_found boolean, OUT manifest json, OUT manifest_etag text,
    OUT n_missing bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_user  text;
    v_stamp bigint;
    v_until timestamptz;
BEGIN
    SELECT true, m.body, m.etag, 0 INTO schedule_found, manifest, manifest_etag, n_missing
    FROM schedule_manifests m
    WHERE m.schedule_id = p_schedule AND (p_user IS NULL OR m.user_id = p_user)
      AND m.valid_until > now()
      AND m.stamp = coalesce((SELECT u.stamp FROM media_user_stamps u
                              WHERE u.user_id = m.user_id), 0);
    IF FOUND THEN
        RETURN;
    END IF;

    -- The schedule, its playlist (the owner's only), and when in force each
    -- photo at its current version with the frame's best entry for it: a
    -- fresh cached one (url = cached_url), else a pending, downloading or
    -- failed one (url = the storage URL).
    WITH s AS (
        SELECT s.schedule_id, s.user_id, s.frame_id, s.playlist_id, s.rotation_interval,
               s.shuffle, media_schedule_in_force(s, now()) AS in_force,
               CASE s.schedule_type
                   WHEN 'time_based' THEN date_trunc('minute', now()) + interval '1 minute'
                   WHEN 'event_based' THEN CASE WHEN s.triggered_until > now()
                                                THEN s.triggered_until END
               END AS turns_at
        FROM rotation_schedules s
        WHERE s.schedule_id = p_schedule AND (p_user IS NULL OR s.user_id = p_user)),
    p AS (
        SELECT p.photo_ids, p.shuffle, p.transition_duration FROM playlists p, s
        WHERE p.playlist_id = s.playlist_id AND p.user_id = s.user_id),
    i AS (
        SELECT i.ord, i.photo_id, i.version_id,
               CASE WHEN c.fresh THEN coalesce(c.cached_url, i.storage_url)
                    ELSE i.storage_url END AS url,
               coalesce(c.fresh, false) AS cached, c.cache_id,
               CASE WHEN c.fresh THEN c.expires_at END AS expires_at,
               c.cache_id IS NULL OR c.stale AS missing
        FROM s, p, media_schedule_items(s.user_id, p.photo_ids, p_template) i
        LEFT JOIN LATERAL (
            SELECT c.cache_id, c.cached_url, c.expires_at,
                   c.cache_status = 'cached' AND c.expires_at > now() AS fresh,
                   c.cache_status = 'expired'
                   OR (c.cache_status = 'cached' AND c.expires_at <= now()) AS stale
            FROM photo_cache c
            WHERE c.user_id = s.user_id AND c.frame_id = s.frame_id
              AND c.photo_id = i.photo_id AND c.version_id IS NOT DISTINCT FROM i.version_id
            ORDER BY fresh DESC, stale, c.cache_status = 'failed', c.created_at DESC
            LIMIT 1) c ON true
        WHERE s.in_force),
    b AS (
        SELECT json_build_object('schedule_id', s.schedule_id, 'frame_id', s.frame_id,
            'playlist_id', s.playlist_id, 'in_force', s.in_force,
            'rotation_interval', s.rotation_interval, 'shuffle', s.shuffle OR p.shuffle,
            'transition_duration', p.transition_duration,
            'photos', coalesce((SELECT json_agg(json_build_object('photo_id', i.photo_id,
                'version_id', i.version_id, 'url', i.url, 'cached', i.cached,
                'cache_id', i.cache_id) ORDER BY i.ord) FROM i), '[]')) AS j
        FROM s, p)
    SELECT EXISTS (SELECT 1 FROM s), b.j, md5(b.j::text),
           (SELECT count(*) FROM i WHERE i.missing),
           (SELECT s.user_id FROM s),
           (SELECT coalesce(u.stamp, 0) FROM s LEFT JOIN media_user_stamps u USING (user_id)),
           least(now() + interval '5 minutes', (SELECT s.turns_at FROM s),
                 (SELECT min(i.expires_at) FROM i))
    INTO schedule_found, manifest, manifest_etag, n_missing, v_user, v_stamp, v_until
    FROM (SELECT 1) one LEFT JOIN b ON true;

    IF manifest IS NULL OR n_missing > 0 THEN
        RETURN;
    END IF;
    BEGIN
        INSERT INTO schedule_manifests AS m (schedule_id, user_id, stamp, valid_until, etag, body)
        VALUES (p_schedule, v_user, v_stamp, v_until, manifest_etag, manifest)
        ON CONFLICT (schedule_id) DO UPDATE SET user_id = excluded.user_id,
            stamp = excluded.stamp, valid_until = excluded.valid_until,
            etag = excluded.etag, body = excluded.body;
    EXCEPTION WHEN foreign_key_violation THEN
        NULL;	-- the schedule was deleted meanwhile: nothing to keep
    END;
END
$$;
