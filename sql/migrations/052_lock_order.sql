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
