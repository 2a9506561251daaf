-- 048_cache_ensure_priority.sql: BR-M008 raises the job of an entry the
-- worker is downloading too (was: pending only). A POST /cache job taken
-- just before its schedule was activated kept priority 0, and so did its
-- retries after a failure (seen in CI as schedules-photos.t's "a plain
-- POST /cache's job raised too"). Raising a leased job's priority changes
-- nothing for the transfer in flight; it orders its retries.
CREATE OR REPLACE FUNCTION media_cache_ensure(p_user text, p_frame text, p_photos text[],
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
        WHERE c.cache_status IN ('pending', 'downloading')
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
