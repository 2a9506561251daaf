-- 052_lock_order.sql: one lock order (issue 10 finding 4). Schedule writes
-- locked the user's stamp first (an immediate trigger), then the frame's
-- cache entries and jobs; the download lease locked a job, its entry, then
-- the stamp; record, fail and give back locked the job before the entry
-- while DELETE /cache and evict lock the entry before the job (cascade).
-- PostgreSQL broke each cycle by killing one side: a 503 after three runs
-- of the handler, or a lost lease, record or failure in the listener.
--
-- THE ORDER. Every transaction takes its row locks in this order, and the
-- rows of one table in key order:
--   1. the rows a request names: frames, playlists, photo_metadata,
--      photo_versions, rotation_schedules (then schedule_manifests);
--   2. photo_cache, in cache_id order (a frame's entries);
--   3. cache_jobs, in cache_id order (an entry's job after the entry:
--      ON DELETE CASCADE goes that way);
--   4. media_user_stamps, last: at commit, in user_id order (below).
-- The download lease (listener/download.c) takes its jobs and their
-- entries in one FOR UPDATE SKIP LOCKED select: it never waits for 2 or
-- 3, so it cannot close a cycle. A leased job's worker holds its entry,
-- then its job (media_cache_lease_hold) before it records, fails or gives
-- back. The README's "One lock order" lists who takes what.

-- 4. The stamp is bumped at commit. A row trigger (sql/022's triggers,
-- their WHEN clauses unchanged) notes the user in this transaction's rows
-- of media_user_stamp_pending (an insert: it waits for nobody); a deferred
-- constraint trigger on that table bumps every noted user once, in
-- user_id order, as the transaction commits, and forgets them. So the
-- stamp row, which every write of a user needs, is the last lock taken and
-- is held only while the transaction commits. A manifest (sql/022) reads
-- the stamp in the snapshot of its inputs: a change and its bump become
-- visible together, at its commit, as before. UNLOGGED: a row lives only
-- inside its transaction.
CREATE UNLOGGED TABLE media_user_stamp_pending (
    xact    xid8 NOT NULL DEFAULT pg_current_xact_id(),
    user_id VARCHAR(50) NOT NULL,
    PRIMARY KEY (xact, user_id)
);

CREATE OR REPLACE FUNCTION media_user_stamp_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO media_user_stamp_pending (user_id) VALUES (OLD.user_id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO media_user_stamp_pending (user_id) VALUES (NEW.user_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

-- The first firing at commit bumps them all; the others find none left.
CREATE FUNCTION media_user_stamp_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH p AS (
        DELETE FROM media_user_stamp_pending WHERE xact = pg_current_xact_id()
        RETURNING user_id)
    INSERT INTO media_user_stamps AS u (user_id, stamp)
    SELECT p.user_id, 1 FROM p ORDER BY p.user_id
    ON CONFLICT (user_id) DO UPDATE SET stamp = u.stamp + 1;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER media_user_stamp_flush AFTER INSERT ON media_user_stamp_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION media_user_stamp_flush();

-- An erasure (listener user.deleted) removes the user's stamp: what its
-- deletions noted must not bring the row back at commit.
CREATE FUNCTION media_user_stamp_erase(p_user text) RETURNS void
LANGUAGE sql VOLATILE AS $$
DELETE FROM media_user_stamp_pending WHERE xact = pg_current_xact_id() AND user_id = p_user;
DELETE FROM media_user_stamps WHERE user_id = p_user;
$$;

-- A leased job's worker (listener/render.c: record, fail, give back) locks
-- the entry, then the job (2 before 3), and learns whether its lease
-- (p_token) still holds the job: a job taken again is another's.
CREATE FUNCTION media_cache_lease_hold(p_cache text, p_token text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM photo_cache WHERE cache_id = p_cache FOR NO KEY UPDATE;
    PERFORM 1 FROM cache_jobs WHERE cache_id = p_cache AND lease_token = p_token FOR UPDATE;
    RETURN FOUND;
END
$$;

-- 2. The LRU rule of sql/038, unchanged, with its victims locked in
-- cache_id order before they go (their jobs go after them, by cascade).
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

-- 2 and 3 in media_cache_ensure (sql/048, unchanged otherwise): the stale
-- entries are locked in cache_id order before they go; new entries are
-- inserted in (photo, version) order, so two writers of one frame meet at
-- the live-entry index in the same order; the entries whose jobs are
-- raised are key-share locked first (a DELETE /cache or evict waits, and
-- the raise never inserts a job for an entry deleted meanwhile: a 23503),
-- then their jobs, both in cache_id order. Only the lines marked "lock
-- order" differ from 048.
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
    WITH l AS MATERIALIZED (	-- lock order
        SELECT c.cache_id FROM photo_cache c
        JOIN (SELECT DISTINCT w.p, w.v FROM unnest(p_photos, p_versions) AS w(p, v)) w
          ON c.photo_id = w.p AND c.version_id IS NOT DISTINCT FROM w.v
        WHERE c.user_id = p_user AND c.frame_id = p_frame
          AND (c.cache_status = 'expired' OR (c.cache_status = 'cached' AND c.expires_at <= now())
               OR (p_retry AND c.cache_status = 'failed'))
        ORDER BY c.cache_id FOR UPDATE OF c),
    d AS (
        DELETE FROM photo_cache c USING l WHERE c.cache_id = l.cache_id	-- lock order
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
        ORDER BY w.p, w.v	-- lock order
        ON CONFLICT DO NOTHING
        RETURNING photo_cache.cache_id),
    jobs AS (
        INSERT INTO cache_jobs (cache_id, priority)
        SELECT ins.cache_id, p_priority FROM ins
        RETURNING cache_jobs.cache_id)
    SELECT array_agg(jobs.cache_id) INTO new_ids FROM jobs;

    IF p_priority > 0 THEN
        WITH l AS MATERIALIZED (	-- lock order: the entries stay while their jobs are raised
            SELECT c.cache_id
            FROM (SELECT DISTINCT w.p, w.v FROM unnest(p_photos, p_versions) AS w(p, v)) w
            JOIN photo_cache c ON c.user_id = p_user AND c.frame_id = p_frame
              AND c.photo_id = w.p AND c.version_id IS NOT DISTINCT FROM w.v
            WHERE c.cache_status IN ('pending', 'downloading')
            ORDER BY c.cache_id FOR KEY SHARE OF c)
        INSERT INTO cache_jobs (cache_id, priority)
        SELECT l.cache_id, p_priority FROM l
        ORDER BY l.cache_id	-- lock order
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

-- 2 and 3 in media_frame_rerender (sql/041, unchanged otherwise): as in
-- media_cache_ensure, the entries, then the jobs it queues or raises, in
-- cache_id order.
CREATE OR REPLACE FUNCTION media_frame_rerender(p_user text, p_frame text)
RETURNS int LANGUAGE sql VOLATILE AS $$
WITH l AS MATERIALIZED (
    SELECT c.cache_id FROM photo_cache c
    WHERE c.user_id = p_user AND c.frame_id = p_frame AND c.cache_quality = 'display'
      AND c.cache_status IN ('pending', 'downloading', 'cached')
    ORDER BY c.cache_id FOR KEY SHARE OF c),
q AS (
    INSERT INTO cache_jobs (cache_id, priority)
    SELECT l.cache_id, 10 FROM l ORDER BY l.cache_id
    ON CONFLICT (cache_id)
    DO UPDATE SET priority = greatest(cache_jobs.priority, excluded.priority)
    RETURNING 1)
SELECT count(*)::int FROM q
$$;

-- 1, 2 and 3 in media_frame_delete (sql/041, same rows and result): one
-- statement per table, in the order (a data-modifying WITH runs its parts
-- in no set order), the entries locked in cache_id order before they go.
CREATE OR REPLACE FUNCTION media_frame_delete(p_user text, p_frame text)
RETURNS TABLE (user_id text, frame_id text, cache_id text, frame_existed boolean)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    existed boolean;
    gone text[];
BEGIN
    DELETE FROM frames f WHERE f.user_id = p_user AND f.frame_id = p_frame;
    existed := FOUND;
    DELETE FROM rotation_schedules s WHERE s.user_id = p_user AND s.frame_id = p_frame;
    WITH l AS MATERIALIZED (
        SELECT c.cache_id FROM photo_cache c
        WHERE c.user_id = p_user AND c.frame_id = p_frame
        ORDER BY c.cache_id FOR UPDATE OF c),
    d AS (
        DELETE FROM photo_cache c USING l WHERE c.cache_id = l.cache_id
        RETURNING c.cache_id)
    SELECT array_agg(d.cache_id::text) INTO gone FROM d;
    RETURN QUERY
    SELECT p_user, p_frame, e.cache_id, existed
    FROM (SELECT 0 AS ord, NULL::text AS cache_id
          UNION ALL SELECT 1, g FROM unnest(gone) AS g) e
    ORDER BY e.ord, e.cache_id;
END
$$;
