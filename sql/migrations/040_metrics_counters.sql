-- 040_metrics_counters.sql: business counters of /metrics (contract §3.6)
-- that no single process sees whole; the triggers that count them are in
-- sql/functions/90_metrics.sql.
CREATE TABLE media_counters (
    name  TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    -- Concurrent writers add to different rows (by backend), so a hot
    -- counter does not serialise their transactions; /metrics sums shards.
    shard SMALLINT NOT NULL,
    value BIGINT NOT NULL DEFAULT 0 CHECK (value >= 0),
    PRIMARY KEY (name, label, shard)
);
