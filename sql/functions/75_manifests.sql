-- 75_manifests.sql: what a frame shows now (GET /schedules/{id}/photos),
-- computed once and kept until something it depends on changes, so that
-- the poll of a frame whose photos did not change is one indexed lookup.
--
-- A stored manifest is used only while its stamp is the user's current one
-- (40_stamps.sql) and valid_until has not passed. The stamp is read in the
-- same snapshot as the inputs, so a change that commits during a
-- computation leaves an old stamp behind and the next poll computes again.
--
-- valid_until covers what changes with the clock alone: a time window can
-- open or close at the next minute, a trigger runs out, a cached file
-- expires. Five minutes at most: a safety net for what the stamp cannot
-- see.

-- The kept manifest of schedule p_schedule (of p_user, or any user when
-- NULL) while it is good: its stamp is the user's current one and
-- valid_until has not passed. body is NULL when etag is p_etag (the frame
-- has it: a 304 needs no body). The poll of a frame whose photos did not
-- change is this one indexed lookup (GET /schedules/{id}/photos). plpgsql,
-- as media_playlist_today (30_playlists.sql): an SQL function would be
-- inlined and its body parsed and planned on every poll; this one keeps
-- its plan in each pooled server connection.
CREATE OR REPLACE FUNCTION media_manifest_kept(p_schedule text, p_user text, p_etag text)
RETURNS TABLE (etag text, body json)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT m.etag, CASE WHEN m.etag IS NOT DISTINCT FROM p_etag THEN NULL ELSE m.body END
    FROM schedule_manifests m
    WHERE m.schedule_id = p_schedule AND (p_user IS NULL OR m.user_id = p_user)
      AND m.valid_until > now()
      AND m.stamp = coalesce((SELECT u.stamp FROM media_user_stamps u
                              WHERE u.user_id = m.user_id), 0);
END
$$;

-- The photos of a manifest: user p_user's photo_ids in order, each with
-- its current version and the frame p_frame's best cache entry of it (a
-- fresh one first, then a live one, then the newest). url is the cached
-- file's while the entry is fresh, else the storage URL; missing: no
-- entry, or an expired one (the caller queues it). Inlined into the
-- manifest's statement.
CREATE OR REPLACE FUNCTION media_manifest_items(p_user text, p_frame text, p_photo_ids jsonb,
    p_template text)
RETURNS TABLE (ord bigint, photo_id text, version_id text, url text, cached boolean,
    cache_id text, expires_at timestamptz, width int, height int, missing boolean)
LANGUAGE sql STABLE AS $$
SELECT i.ord, i.photo_id, i.version_id,
       CASE WHEN c.fresh THEN coalesce(c.cached_url, i.storage_url) ELSE i.storage_url END,
       coalesce(c.fresh, false), c.cache_id,
       CASE WHEN c.fresh THEN c.expires_at END,
       CASE WHEN c.fresh THEN c.width END,
       CASE WHEN c.fresh THEN c.height END,
       c.cache_id IS NULL OR c.stale
FROM media_schedule_items(p_user, p_photo_ids, p_template) i
LEFT JOIN LATERAL (
    SELECT c.cache_id, c.cached_url, c.expires_at, c.width, c.height,
           media_cache_status(c) = 'cached' AS fresh,
           media_cache_status(c) = 'expired' AS stale
    FROM photo_cache c
    WHERE c.user_id = p_user AND c.frame_id = p_frame
      AND c.photo_id = i.photo_id AND c.version_id IS NOT DISTINCT FROM i.version_id
    ORDER BY fresh DESC, stale, c.cache_status = 'failed', c.created_at DESC
    LIMIT 1) c ON true
$$;

-- The manifest of schedule p_schedule (of p_user, or any user when NULL):
-- schedule_found false when there is no such schedule; manifest NULL when
-- its playlist is gone (EC-M004); n_missing > 0 when photos in force lack
-- a live cache entry (the caller queues them, then asks again). A complete
-- manifest is stored for the next poll (media_manifest_keep). plpgsql, so
-- its statements keep their plans in each pooled server connection (no
-- prepared statements through pgbouncer in transaction mode). On the
-- schedule's day: the photos of media_schedule_photo_ids, "fallback": true
-- when they are the fallback's, and for calendar-following playlists a
-- valid_until no later than the next local midnight, so the ETag changes
-- with the day and only then.
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
    SELECT true, k.body, k.etag, 0 INTO schedule_found, manifest, manifest_etag, n_missing
    FROM media_manifest_kept(p_schedule, p_user, NULL) k;
    IF FOUND THEN
        RETURN;
    END IF;

    WITH s AS (
        SELECT s.schedule_id, s.user_id, s.frame_id, s.playlist_id, s.rotation_interval,
               s.shuffle, media_schedule_in_force(s, now()) AS in_force,
               media_local_today(s.timezone) AS today, s.timezone,
               CASE s.schedule_type
                   WHEN 'time_based' THEN date_trunc('minute', now()) + interval '1 minute'
                   WHEN 'event_based' THEN CASE WHEN s.triggered_until > now()
                                                THEN s.triggered_until END
               END AS turns_at, s AS srow
        FROM rotation_schedules s
        WHERE s.schedule_id = p_schedule AND (p_user IS NULL OR s.user_id = p_user)),
    p AS (
        SELECT sp.photo_ids, sp.shuffle, sp.transition_duration, sp.fallback,
               CASE WHEN sp.timed THEN (s.today + 1)::timestamp AT TIME ZONE s.timezone
               END AS day_ends
        FROM s, media_schedule_photo_ids(s.srow, s.today) sp
        WHERE sp.playlist_found),
    i AS (
        SELECT i.* FROM s, p, media_manifest_items(s.user_id, s.frame_id, p.photo_ids, p_template) i
        WHERE s.in_force),
    b AS (
        SELECT json_build_object('schedule_id', s.schedule_id, 'frame_id', s.frame_id,
            'playlist_id', s.playlist_id, 'in_force', s.in_force, 'fallback', p.fallback,
            'day', CASE WHEN p.day_ends IS NOT NULL THEN s.today END,
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
                 (SELECT min(i.expires_at) FROM i), (SELECT p.day_ends FROM p))
    INTO schedule_found, manifest, manifest_etag, n_missing, v_user, v_stamp, v_until
    FROM (SELECT 1) one LEFT JOIN b ON true;

    IF manifest IS NOT NULL AND n_missing = 0 THEN
        PERFORM media_manifest_keep(p_schedule, v_user, v_stamp, v_until, manifest_etag, manifest);
    END IF;
END
$$;

-- Keep schedule p_schedule's complete manifest for the next poll, with the
-- stamp it was computed at and until when it holds.
CREATE OR REPLACE FUNCTION media_manifest_keep(p_schedule text, p_user text, p_stamp bigint,
    p_until timestamptz, p_etag text, p_body json) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO schedule_manifests AS m (schedule_id, user_id, stamp, valid_until, etag, body)
    VALUES (p_schedule, p_user, p_stamp, p_until, p_etag, p_body)
    ON CONFLICT (schedule_id) DO UPDATE SET user_id = excluded.user_id,
        stamp = excluded.stamp, valid_until = excluded.valid_until,
        etag = excluded.etag, body = excluded.body;
EXCEPTION WHEN foreign_key_violation THEN
    NULL;	-- the schedule was deleted meanwhile: nothing to keep
END
$$;
