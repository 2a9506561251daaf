-- 042_renders.sql: what a frame gets is rendered for it (issue 9 §5).
-- Downloads a schedule queues (BR-M008, GET /schedules/{id}/photos,
-- device.registered) are cache_quality 'display': a JPEG fitted to the
-- frame's display profile (sql/041), made by the listener's render pool.
-- An entry records the size of its file (width, height: what the frame
-- gets, shown on the entry and in the manifest) and, for a display
-- render, the profile it was made for (render_spec). When a profile
-- changes, media_frame_rerender (sql/041) queues a job for each display
-- entry; the worker renders it again in place while the old file keeps
-- being served, and media_cache_record sees whether the profile moved on
-- meanwhile.
ALTER TABLE photo_cache
    ADD COLUMN width INT CHECK (width > 0),
    ADD COLUMN height INT CHECK (height > 0),
    ADD COLUMN render_spec TEXT;

-- A lease is a token (issue 10 finding 10): a worker whose lease ran out
-- and was taken again (a slow transfer, a paused process) can no longer
-- record, fail or give back the job; its files are its own (the token is
-- in their names), so it never removes the new holder's file.
ALTER TABLE cache_jobs ADD COLUMN lease_token TEXT;

-- The display a frame's renders are made for: its profile, else 1920x1080
-- contain (issue 9 §5). The one home of that default, and of the
-- render_spec text ("1920x1080 contain") that says which profile a file
-- was made for.
CREATE FUNCTION media_frame_display(p_user text, p_frame text,
    OUT width int, OUT height int, OUT fit text, OUT render_spec text)
LANGUAGE sql STABLE AS $$
SELECT d.w, d.h, d.fit, d.w || 'x' || d.h || ' ' || d.fit
FROM (SELECT coalesce(f.display_width, 1920) AS w, coalesce(f.display_height, 1080) AS h,
             coalesce(f.fit, 'contain') AS fit
      FROM (SELECT 1) one
      LEFT JOIN frames f ON f.user_id = p_user AND f.frame_id = p_frame) d
$$;

-- A re-render changes the file (width, height, cached_url): a stored
-- manifest that shows it must be computed again.
DROP TRIGGER photo_cache_stamp_update ON photo_cache;
CREATE TRIGGER photo_cache_stamp_update AFTER UPDATE ON photo_cache
    FOR EACH ROW WHEN ((OLD.user_id, OLD.frame_id, OLD.photo_id, OLD.version_id,
                        OLD.cache_status, OLD.cached_url, OLD.expires_at, OLD.created_at,
                        OLD.width, OLD.height)
        IS DISTINCT FROM (NEW.user_id, NEW.frame_id, NEW.photo_id, NEW.version_id,
                          NEW.cache_status, NEW.cached_url, NEW.expires_at, NEW.created_at,
                          NEW.width, NEW.height))
    EXECUTE FUNCTION media_user_stamp_bump();

CREATE OR REPLACE FUNCTION media_cache_json(c photo_cache) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT json_build_object(
    'cache_id', c.cache_id, 'user_id', c.user_id, 'frame_id', c.frame_id,
    'photo_id', c.photo_id, 'version_id', c.version_id,
    'cache_status', media_cache_status(c), 'cached_url', c.cached_url,
    'local_path', c.local_path, 'cache_size', c.cache_size,
    'cache_format', c.cache_format, 'cache_quality', c.cache_quality,
    'width', c.width, 'height', c.height,
    'hit_count', c.hit_count, 'last_accessed_at', media_ts(c.last_accessed_at),
    'error_message', c.error_message, 'retry_count', c.retry_count,
    'created_at', media_ts(c.created_at), 'updated_at', media_ts(c.updated_at),
    'expires_at', media_ts(c.expires_at))
$$;

-- Schedules queue display renders (was: the original, the same bytes to
-- every frame whatever its screen).
CREATE OR REPLACE FUNCTION media_schedule_queue(p_schedule text, p_priority int, p_retry boolean)
RETURNS TABLE (user_id text, frame_id text, cache_id text)
LANGUAGE sql VOLATILE AS $$
SELECT q.user_id, q.frame_id, g.id
FROM (SELECT s.user_id, s.frame_id, a.photos, a.versions
      FROM rotation_schedules s
      JOIN playlists p ON p.playlist_id = s.playlist_id AND p.user_id = s.user_id,
      LATERAL (SELECT array_agg(i.photo_id ORDER BY i.ord) AS photos,
                      array_agg(i.version_id ORDER BY i.ord) AS versions
               FROM media_schedule_items(s.user_id, p.photo_ids, NULL) i) a
      WHERE s.schedule_id = p_schedule) q,
     media_cache_ensure(q.user_id, q.frame_id, q.photos, q.versions, 'display', NULL,
                        p_priority, p_retry) e,
     unnest(string_to_array(e.stale_ids, ' ')) AS g(id)
WHERE q.photos IS NOT NULL
$$;

-- The manifest's photos carry the width and height of the file the frame
-- gets (null while it is not cached).
CREATE OR REPLACE FUNCTION media_schedule_manifest(p_schedule text, p_user text, p_template text,
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
               CASE WHEN c.fresh THEN c.width END AS width,
               CASE WHEN c.fresh THEN c.height END AS height,
               c.cache_id IS NULL OR c.stale AS missing
        FROM s, p, media_schedule_items(s.user_id, p.photo_ids, p_template) i
        LEFT JOIN LATERAL (
            SELECT c.cache_id, c.cached_url, c.expires_at, c.width, c.height,
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
                'cache_id', i.cache_id, 'width', i.width, 'height', i.height) ORDER BY i.ord) FROM i), '[]')) AS j
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
