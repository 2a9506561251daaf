-- 021_cache.sql: the per-frame photo cache (contract §3.5): its JSON, the
-- one rule that creates entries and queues their downloads (used by POST
-- /cache, by schedules, and by the listener), and a schedule's photos.

-- An entry as the API returns it: one past expires_at reads as expired.
CREATE FUNCTION media_cache_status(c photo_cache) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT CASE WHEN c.cache_status = 'cached' AND c.expires_at <= now() THEN 'expired'
            ELSE c.cache_status END
$$;

CREATE FUNCTION media_cache_json(c photo_cache) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT json_build_object(
    'cache_id', c.cache_id, 'user_id', c.user_id, 'frame_id', c.frame_id,
    'photo_id', c.photo_id, 'version_id', c.version_id,
    'cache_status', media_cache_status(c), 'cached_url', c.cached_url,
    'local_path', c.local_path, 'cache_size', c.cache_size,
    'cache_format', c.cache_format, 'cache_quality', c.cache_quality,
    'hit_count', c.hit_count, 'last_accessed_at', media_ts(c.last_accessed_at),
    'error_message', c.error_message, 'retry_count', c.retry_count,
    'created_at', media_ts(c.created_at), 'updated_at', media_ts(c.updated_at),
    'expires_at', media_ts(c.expires_at))
$$;

-- At most one live entry (being fetched or on disk) per frame, photo and
-- version, even when two polls race to create it. Failed and expired rows
-- are history and are replaced by a new entry (BR-M009).
CREATE UNIQUE INDEX idx_photo_cache_live ON photo_cache
    (frame_id, photo_id, coalesce(version_id, ''), user_id)
    WHERE cache_status IN ('pending', 'downloading', 'cached');
-- A frame's entries (list, evict) and its entry for a photo (a schedule's
-- photos: one probe per photo, not a scan of the frame's entries).
CREATE INDEX idx_photo_cache_user_frame ON photo_cache (user_id, frame_id, photo_id);

-- media_cache_ensure: for each (photo, version) pair, the frame's entry a
-- download fills: the live one (a failed one counts unless p_retry), else a
-- new pending entry whose job is queued in the same transaction. Expired
-- rows of those pairs (and failed ones when p_retry) are deleted first;
-- their ids come back in stale_ids (space-separated) so the caller removes
-- their files. p_priority orders the queue (BR-M008: a schedule's downloads
-- go first) and raises the job of a live pending entry that is lower.
CREATE FUNCTION media_cache_ensure(p_user text, p_frame text, p_photos text[],
    p_versions text[], p_quality text, p_format text, p_priority int, p_retry boolean)
RETURNS TABLE (photo_id text, version_id text, cache_id text, created boolean, stale_ids text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    gone_p text[];
    gone_v text[];
    gone_id text[];
    new_ids text[];
BEGIN
    WITH d AS (
        DELETE FROM photo_cache c
        USING (SELECT DISTINCT w.p, w.v FROM unnest(p_photos, p_versions) AS w(p, v)) w
        WHERE c.user_id = p_user AND c.frame_id = p_frame AND c.photo_id = w.p
          AND c.version_id IS NOT DISTINCT FROM w.v
          AND (c.cache_status = 'expired' OR (c.cache_status = 'cached' AND c.expires_at <= now())
               OR (p_retry AND c.cache_status = 'failed'))
        RETURNING c.photo_id, c.version_id, c.cache_id)
    SELECT array_agg(d.photo_id), array_agg(d.version_id), array_agg(d.cache_id)
    INTO gone_p, gone_v, gone_id FROM d;

    WITH ins AS (
        INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, version_id,
                                 cache_status, cache_format, cache_quality)
        SELECT 'cache_' || encode(gen_random_bytes(12), 'hex'), p_user, p_frame, w.p, w.v,
               'pending', p_format, coalesce(p_quality, 'original')
        FROM (SELECT DISTINCT w.p, w.v FROM unnest(p_photos, p_versions) AS w(p, v)) w
        WHERE NOT EXISTS (SELECT 1 FROM photo_cache c
            WHERE c.user_id = p_user AND c.frame_id = p_frame AND c.photo_id = w.p
              AND c.version_id IS NOT DISTINCT FROM w.v)
        ON CONFLICT DO NOTHING
        RETURNING photo_cache.cache_id),
    jobs AS (
        INSERT INTO cache_jobs (cache_id, priority)
        SELECT ins.cache_id, p_priority FROM ins
        RETURNING cache_jobs.cache_id)
    SELECT array_agg(jobs.cache_id) INTO new_ids FROM jobs;

    IF p_priority > 0 THEN
        INSERT INTO cache_jobs (cache_id, priority)
        SELECT c.cache_id, p_priority
        FROM (SELECT DISTINCT w.p, w.v FROM unnest(p_photos, p_versions) AS w(p, v)) w
        JOIN photo_cache c ON c.user_id = p_user AND c.frame_id = p_frame
          AND c.photo_id = w.p AND c.version_id IS NOT DISTINCT FROM w.v
        WHERE c.cache_status = 'pending'
        ON CONFLICT (cache_id)
        DO UPDATE SET priority = greatest(cache_jobs.priority, excluded.priority);
    END IF;

    RETURN QUERY
    SELECT w.p, w.v, e.cache_id::text, coalesce(e.cache_id = ANY (new_ids), false),
        (SELECT string_agg(g.id, ' ') FROM unnest(gone_p, gone_v, gone_id) AS g(p, v, id)
         WHERE g.p = w.p AND g.v IS NOT DISTINCT FROM w.v)
    FROM (SELECT DISTINCT w.p, w.v FROM unnest(p_photos, p_versions) AS w(p, v)) w
    LEFT JOIN LATERAL (
        SELECT c.cache_id FROM photo_cache c
        WHERE c.user_id = p_user AND c.frame_id = p_frame AND c.photo_id = w.p
          AND c.version_id IS NOT DISTINCT FROM w.v
        ORDER BY c.cache_status = 'failed', c.created_at DESC LIMIT 1) e ON true;
END
$$;

-- The photos a schedule's frame shows, in playlist order (duplicates kept,
-- EC-M002), each at its current version. Only photos of p_user: an id in
-- the playlist that belongs to another user (media_photo_foreign, sql/010)
-- is left out, never shown (contract §2). A photo with no versions is shown as itself. storage_url:
-- the version's cloud_url, else p_template ({file_id}, {user_id}).
CREATE FUNCTION media_schedule_items(p_user text, p_photo_ids jsonb, p_template text)
RETURNS TABLE (ord bigint, photo_id text, version_id text, storage_url text)
LANGUAGE sql STABLE AS $$
SELECT e.ord, e.id, v.version_id,
       coalesce(v.cloud_url, replace(replace(p_template, '{file_id}', coalesce(v.file_id, e.id)),
                                     '{user_id}', p_user))
FROM jsonb_array_elements_text(p_photo_ids) WITH ORDINALITY AS e(id, ord)
LEFT JOIN photo_versions v ON v.photo_id = e.id AND v.is_current
WHERE NOT media_photo_foreign(e.id, p_user)
$$;

-- Queue the downloads of schedule p_schedule's whole playlist for its
-- frame (design Flow 3, BR-M008). Returns the superseded entries whose
-- files the caller removes. No rows when the schedule or its playlist is
-- gone. The listener calls it too (device.registered).
CREATE FUNCTION media_schedule_queue(p_schedule text, p_priority int, p_retry boolean)
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
     media_cache_ensure(q.user_id, q.frame_id, q.photos, q.versions, 'original', NULL,
                        p_priority, p_retry) e,
     unnest(string_to_array(e.stale_ids, ' ')) AS g(id)
WHERE q.photos IS NOT NULL
$$;

-- LRU eviction of a frame's entries (EC-M005, POST /cache/frame/{id}/evict):
-- keep the p_keep most recently used entries and, when p_keep_bytes is
-- given, no more than that many bytes of them; the rest go, never accessed
-- first, then the oldest access, then the oldest. NULL limits keep all.
-- Returns the evicted entries in that order (ord) for the caller to remove
-- their files; their queued jobs go with them. The download worker applies
-- a frame's quota with the same function.
CREATE FUNCTION media_cache_evict(p_user text, p_frame text, p_keep bigint, p_keep_bytes bigint)
RETURNS TABLE (user_id text, frame_id text, cache_id text, ord bigint)
LANGUAGE sql VOLATILE AS $$
WITH ranked AS (
    SELECT c.cache_id, row_number() OVER w AS rn, sum(coalesce(c.cache_size, 0)) OVER w AS bytes
    FROM photo_cache c
    WHERE c.frame_id = p_frame AND (p_user IS NULL OR c.user_id = p_user)
    WINDOW w AS (ORDER BY c.last_accessed_at DESC NULLS LAST, c.created_at DESC, c.cache_id DESC)),
gone AS (
    DELETE FROM photo_cache c USING ranked k
    WHERE c.cache_id = k.cache_id
      AND (k.rn > coalesce(p_keep, k.rn) OR k.bytes > coalesce(p_keep_bytes, k.bytes))
    RETURNING c.user_id, c.frame_id, c.cache_id, c.last_accessed_at, c.created_at)
SELECT g.user_id::text, g.frame_id::text, g.cache_id::text,
       row_number() OVER (ORDER BY g.last_accessed_at NULLS FIRST, g.created_at, g.cache_id)
FROM gone g
$$;
