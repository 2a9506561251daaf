-- 50_cache.sql: the per-frame photo cache (contract §3.5): an entry's
-- status and API columns, the download priorities, the one rule that creates entries and queues their
-- downloads (media_cache_ensure: POST /cache, schedules, the listener), the
-- LRU eviction, and the download worker's lease check. Row locks follow
-- the README's "One lock order" (sql/migrations/052_lock_order.sql): 2.
-- photo_cache, then 3. cache_jobs, each in cache_id order.

-- An entry's status as the API returns it: one past expires_at reads as
-- expired. The one definition of a fresh entry ('cached': it has its file
-- and it has not expired) and of a stale one ('expired'): the API, the
-- manifest, media_cache_ensure and the media.cache.ready trigger call it.
-- An inlinable SQL function: callers' plans see the two columns.
CREATE OR REPLACE FUNCTION media_cache_status(c photo_cache) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT CASE WHEN c.cache_status = 'cached' AND c.expires_at <= now() THEN 'expired'
            ELSE c.cache_status END
$$;

-- The download queue priorities (cache_jobs.priority, higher first), the
-- one home of their numbers; C names them (CACHE_PRIO_* of
-- shared/cachefile.h). request: POST /cache; showing: a frame asked for
-- photos not yet queued; schedule (BR-M008): a schedule created or
-- activated, a frame registered, a display profile changed. An unknown
-- name is NULL, which cache_jobs.priority (NOT NULL) refuses.
CREATE OR REPLACE FUNCTION media_cache_priority(p_kind text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE p_kind WHEN 'request' THEN 0 WHEN 'showing' THEN 5 WHEN 'schedule' THEN 10 END
$$;

-- An entry as the API shows it (functions/cache: get.c, create.c render
-- these columns in C): the one list of its fields. Not local_path, the
-- server's own file path (issue 10 finding 11: a client has cached_url;
-- the path stays in the table for the worker and for the removal of the
-- file), nor render_spec; cache_status as media_cache_status() reads it.
-- Called in FROM (photo_cache c, media_cache_entry(c) e), where PostgreSQL
-- inlines it: the statement stays a plain indexed SELECT.
CREATE OR REPLACE FUNCTION media_cache_entry(c photo_cache)
RETURNS TABLE (cache_id text, user_id text, frame_id text, photo_id text, version_id text,
    cache_status text, cached_url text, cache_size bigint, cache_format text,
    cache_quality text, width int, height int, hit_count int,
    last_accessed_at timestamptz, error_message text, retry_count int,
    created_at timestamptz, updated_at timestamptz, expires_at timestamptz)
LANGUAGE sql STABLE AS $$
SELECT c.cache_id, c.user_id, c.frame_id, c.photo_id, c.version_id,
    media_cache_status(c), c.cached_url, c.cache_size, c.cache_format,
    c.cache_quality, c.width, c.height, c.hit_count,
    c.last_accessed_at, c.error_message, c.retry_count,
    c.created_at, c.updated_at, c.expires_at
$$;

-- The distinct (photo, version) pairs of two arrays read in parallel: the
-- pairs media_cache_ensure is asked for. Inlined where it is called.
CREATE OR REPLACE FUNCTION media_cache_pairs(p_photos text[], p_versions text[])
RETURNS TABLE (photo_id text, version_id text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT DISTINCT w.p, w.v FROM unnest(p_photos, p_versions) AS w(p, v)
$$;

-- media_cache_ensure: for each (photo, version) pair, the frame's entry a
-- download fills: the live one (a failed one counts unless p_retry), else a
-- new pending entry whose job is queued in the same transaction. Expired
-- rows of those pairs (and failed ones when p_retry) are deleted first;
-- their ids come back in stale_ids (space-separated) so the caller removes
-- their files. p_priority orders the queue (BR-M008: a schedule's downloads
-- go first) and raises the job of a pending or downloading entry that is
-- lower (a leased job's new priority orders its retries).
-- The lock order: the stale entries are locked in cache_id order before they go; new entries are
-- inserted in (photo, version) order, so two writers of one frame meet at
-- the live-entry index in the same order; the entries whose jobs are
-- raised are key-share locked first (a DELETE /cache or evict waits, and
-- the raise never inserts a job for an entry deleted meanwhile: a 23503),
-- then their jobs, both in cache_id order (the lines marked "lock order").
-- Its three steps are the three functions below it, each plpgsql so that
-- its plan is kept in the pooled server connection.
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
    SELECT array_agg(g.photo_id), array_agg(g.version_id), array_agg(g.cache_id)
    INTO gone_p, gone_v, gone_id
    FROM media_cache_drop_stale(p_user, p_frame, p_photos, p_versions, p_retry) g;
    new_ids := media_cache_add_pending(p_user, p_frame, p_photos, p_versions,
                                       p_quality, p_format, p_priority);
    IF p_priority > 0 THEN
        PERFORM media_cache_raise_jobs(p_user, p_frame, p_photos, p_versions, p_priority);
    END IF;

    RETURN QUERY
    SELECT w.photo_id, w.version_id, e.cache_id::text, coalesce(e.cache_id = ANY (new_ids), false),
        (SELECT string_agg(g.id, ' ') FROM unnest(gone_p, gone_v, gone_id) AS g(p, v, id)
         WHERE g.p = w.photo_id AND g.v IS NOT DISTINCT FROM w.version_id)
    FROM media_cache_pairs(p_photos, p_versions) w
    LEFT JOIN LATERAL (
        SELECT c.cache_id FROM photo_cache c
        WHERE c.user_id = p_user AND c.frame_id = p_frame AND c.photo_id = w.photo_id
          AND c.version_id IS NOT DISTINCT FROM w.version_id
        ORDER BY c.cache_status = 'failed', c.created_at DESC LIMIT 1) e ON true;
END
$$;

-- Step 1 of media_cache_ensure: delete the frame's expired entries of the
-- pairs (and failed ones when p_retry), locked in cache_id order first;
-- returns them (their jobs go with them: ON DELETE CASCADE).
CREATE OR REPLACE FUNCTION media_cache_drop_stale(p_user text, p_frame text, p_photos text[],
    p_versions text[], p_retry boolean)
RETURNS TABLE (photo_id text, version_id text, cache_id text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH l AS MATERIALIZED (	-- lock order
        SELECT c.cache_id FROM photo_cache c
        JOIN media_cache_pairs(p_photos, p_versions) w
          ON c.photo_id = w.photo_id AND c.version_id IS NOT DISTINCT FROM w.version_id
        WHERE c.user_id = p_user AND c.frame_id = p_frame
          AND (media_cache_status(c) = 'expired' OR (p_retry AND c.cache_status = 'failed'))
        ORDER BY c.cache_id FOR UPDATE OF c)
    DELETE FROM photo_cache c USING l WHERE c.cache_id = l.cache_id	-- lock order
    RETURNING c.photo_id::text, c.version_id::text, c.cache_id::text;
END
$$;

-- Step 2: a pending entry, and its job at p_priority, for each pair the
-- frame has no entry of, inserted in (photo, version) order (the lock
-- order); a concurrent writer's entry wins (ON CONFLICT DO NOTHING).
-- Returns the new entries' ids.
CREATE OR REPLACE FUNCTION media_cache_add_pending(p_user text, p_frame text, p_photos text[],
    p_versions text[], p_quality text, p_format text, p_priority int)
RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    new_ids text[];
BEGIN
    WITH ins AS (
        INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, version_id,
                                 cache_status, cache_format, cache_quality)
        SELECT 'cache_' || encode(gen_random_bytes(12), 'hex'), p_user, p_frame,
               w.photo_id, w.version_id, 'pending', p_format, coalesce(p_quality, 'original')
        FROM media_cache_pairs(p_photos, p_versions) w
        WHERE NOT EXISTS (SELECT 1 FROM photo_cache c
            WHERE c.user_id = p_user AND c.frame_id = p_frame AND c.photo_id = w.photo_id
              AND c.version_id IS NOT DISTINCT FROM w.version_id)
        ORDER BY w.photo_id, w.version_id	-- lock order
        ON CONFLICT DO NOTHING
        RETURNING photo_cache.cache_id),
    jobs AS (
        INSERT INTO cache_jobs (cache_id, priority)
        SELECT ins.cache_id, p_priority FROM ins
        RETURNING cache_jobs.cache_id)
    SELECT array_agg(jobs.cache_id) INTO new_ids FROM jobs;
    RETURN new_ids;
END
$$;

-- Step 3: raise to p_priority the job of each pending or downloading entry
-- of the pairs whose job is lower (or gone: a leased job's retries). The
-- entries are key-share locked first, then their jobs, both in cache_id
-- order (the lock order).
CREATE OR REPLACE FUNCTION media_cache_raise_jobs(p_user text, p_frame text, p_photos text[],
    p_versions text[], p_priority int)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    WITH l AS MATERIALIZED (	-- lock order: the entries stay while their jobs are raised
        SELECT c.cache_id
        FROM media_cache_pairs(p_photos, p_versions) w
        JOIN photo_cache c ON c.user_id = p_user AND c.frame_id = p_frame
          AND c.photo_id = w.photo_id AND c.version_id IS NOT DISTINCT FROM w.version_id
        WHERE c.cache_status IN ('pending', 'downloading')
        ORDER BY c.cache_id FOR KEY SHARE OF c)
    INSERT INTO cache_jobs (cache_id, priority)
    SELECT l.cache_id, p_priority FROM l
    ORDER BY l.cache_id	-- lock order
    ON CONFLICT (cache_id)
    DO UPDATE SET priority = greatest(cache_jobs.priority, excluded.priority);
END
$$;

-- LRU eviction of a frame's entries (EC-M005, POST /cache/frame/{id}/evict):
-- keep the p_keep most recently used entries and, when p_keep_bytes is
-- given, no more than that many bytes of them; the rest go, never accessed
-- first, then the oldest access, then the oldest. NULL limits keep all.
-- Returns the evicted entries in that order (ord) for the caller to remove
-- their files; their queued jobs go with them. The download worker applies
-- a frame's quota with the same function, and two things more: the entry
-- it just cached is kept (p_protect), and only cached entries count
-- against the quota (p_cached_only): a pending entry holds no bytes yet.
-- The victims are locked in cache_id order before they go (their jobs go
-- after them, by cascade).
CREATE OR REPLACE FUNCTION media_cache_evict(p_user text, p_frame text, p_keep bigint,
    p_keep_bytes bigint, p_protect text DEFAULT NULL, p_cached_only boolean DEFAULT false)
RETURNS TABLE (user_id text, frame_id text, cache_id text, ord bigint)
LANGUAGE sql VOLATILE AS $$
WITH ranked AS (
    SELECT c.cache_id, row_number() OVER w AS rn, sum(coalesce(c.cache_size, 0)) OVER w AS bytes
    FROM photo_cache c
    WHERE c.frame_id = p_frame AND (p_user IS NULL OR c.user_id = p_user)
      AND (NOT p_cached_only OR c.cache_status = 'cached')
    WINDOW w AS (ORDER BY c.cache_id IS NOT DISTINCT FROM p_protect DESC,
                          c.last_accessed_at DESC NULLS LAST, c.created_at DESC, c.cache_id DESC)),
doomed AS MATERIALIZED (
    SELECT c.cache_id FROM photo_cache c JOIN ranked k ON k.cache_id = c.cache_id
    WHERE c.cache_id IS DISTINCT FROM p_protect
      AND (k.rn > coalesce(p_keep, k.rn) OR k.bytes > coalesce(p_keep_bytes, k.bytes))
    ORDER BY c.cache_id FOR UPDATE OF c),
gone AS (
    DELETE FROM photo_cache c USING doomed k
    WHERE c.cache_id = k.cache_id
    RETURNING c.user_id, c.frame_id, c.cache_id, c.last_accessed_at, c.created_at)
SELECT g.user_id::text, g.frame_id::text, g.cache_id::text,
       row_number() OVER (ORDER BY g.last_accessed_at NULLS FIRST, g.created_at, g.cache_id)
FROM gone g
$$;

-- A leased job's worker (listener/render.c: record, fail, give back) locks
-- the entry, then the job (2 before 3), and learns whether its lease
-- (p_token) still holds the job: a job taken again is another's.
CREATE OR REPLACE FUNCTION media_cache_lease_hold(p_cache text, p_token text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM photo_cache WHERE cache_id = p_cache FOR NO KEY UPDATE;
    PERFORM 1 FROM cache_jobs WHERE cache_id = p_cache AND lease_token = p_token FOR UPDATE;
    RETURN FOUND;
END
$$;
