-- 004_cache_jobs.sql: the durable queue of cache downloads (contract §4:
-- a Postgres table with FOR UPDATE SKIP LOCKED). The cache and schedules
-- functions insert jobs; the listener's download worker takes them.
--
-- Taking a job: lease it (locked_until = now() + lease) in a statement that
-- picks rows with FOR UPDATE SKIP LOCKED, ordered by priority DESC, run_after,
-- job_id, among rows with run_after <= now() and no live lease. A worker that
-- dies (kill -9) leaves a lease that expires, and the job is taken again.
-- Done: the job row is deleted in the transaction that marks the entry cached.
-- Failed: run_after moves 1 s, 2 s, 4 s ahead (BR-M010), then the entry fails.
CREATE TABLE cache_jobs (
    job_id       BIGSERIAL PRIMARY KEY,
    cache_id     VARCHAR(50) NOT NULL UNIQUE
                 REFERENCES photo_cache (cache_id) ON DELETE CASCADE,
    -- BR-M008: downloads a schedule needs (create/activate) go first.
    priority     INT NOT NULL DEFAULT 0,
    run_after    TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts     INT NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_cache_jobs_next ON cache_jobs (priority DESC, run_after, job_id);
