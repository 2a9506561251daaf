-- 038_cache_evict.sql: one LRU rule (EC-M005) for POST /cache/frame/{id}/evict
-- and the download worker's per-frame quota, which used a copy of it.
-- The worker adds two things: the entry it just cached is kept (p_protect),
-- and only cached entries count against the quota (p_cached_only): a
-- pending entry holds no bytes yet.
DROP FUNCTION IF EXISTS media_cache_evict(text, text, bigint, bigint);
