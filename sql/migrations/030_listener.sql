-- 030_listener.sql: what the event listener (functions/listener) needs from
-- the database: a wake-up for the outbox relay, the AI retry queue, and the
-- statements its event handlers run on many rows at once.

-- AI analysis that failed (service down or 5xx) is retried with backoff;
-- the local results are already stored (contract §4, graceful degradation).
CREATE TABLE analysis_retries (
    file_id      VARCHAR(50) PRIMARY KEY
                 REFERENCES photo_metadata (file_id) ON DELETE CASCADE,
    user_id      VARCHAR(50) NOT NULL,
    image_url    TEXT NOT NULL,
    attempts     INT NOT NULL DEFAULT 0,
    run_after    TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_until TIMESTAMPTZ
);
CREATE INDEX idx_analysis_retries_next ON analysis_retries (run_after);
