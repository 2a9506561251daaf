-- 038_cache_evict.sql: one LRU rule (EC-M005) for POST /cache/frame/{id}/evict
-- and the download worker's per-frame quota, which used a copy of it.
-- The worker adds two things: the entry it just cached is kept (p_protect),
-- and only cached entries count against the quota (p_cached_only): a
-- pending entry holds no bytes yet.
DROP FUNCTION media_cache_evict(text, text, bigint, bigint);
CREATE FUNCTION media_cache_evict(p_user text, p_frame text, p_keep bigint, p_keep_bytes bigint,
                                  p_protect text DEFAULT NULL, p_cached_only boolean DEFAULT false)
RETURNS TABLE (user_id text, frame_id text, cache_id text, ord bigint)
LANGUAGE sql VOLATILE AS $$
WITH ranked AS (
    SELECT c.cache_id, row_number() OVER w AS rn, sum(coalesce(c.cache_size, 0)) OVER w AS bytes
    FROM photo_cache c
    WHERE c.frame_id = p_frame AND (p_user IS NULL OR c.user_id = p_user)
      AND (NOT p_cached_only OR c.cache_status = 'cached')
    WINDOW w AS (ORDER BY c.cache_id IS NOT DISTINCT FROM p_protect DESC,
                          c.last_accessed_at DESC NULLS LAST, c.created_at DESC, c.cache_id DESC)),
gone AS (
    DELETE FROM photo_cache c USING ranked k
    WHERE c.cache_id = k.cache_id AND c.cache_id IS DISTINCT FROM p_protect
      AND (k.rn > coalesce(p_keep, k.rn) OR k.bytes > coalesce(p_keep_bytes, k.bytes))
    RETURNING c.user_id, c.frame_id, c.cache_id, c.last_accessed_at, c.created_at)
SELECT g.user_id::text, g.frame_id::text, g.cache_id::text,
       row_number() OVER (ORDER BY g.last_accessed_at NULLS FIRST, g.created_at, g.cache_id)
FROM gone g
$$;
