-- 040_metrics_counters.sql: business counters of /metrics (contract §3.6)
-- that no single process sees whole: versions are created by the versions
-- function and by the listener, smart playlists re-populated by metadata
-- updates on any host. Triggers count them in the same transaction as the
-- change, so a rolled-back change is never counted. Statement-level with
-- transition tables: a bulk insert is one upsert, not one per row.
CREATE TABLE media_counters (
    name  TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    -- Concurrent writers add to different rows (by backend), so a hot
    -- counter does not serialise their transactions; /metrics sums shards.
    shard SMALLINT NOT NULL,
    value BIGINT NOT NULL DEFAULT 0 CHECK (value >= 0),
    PRIMARY KEY (name, label, shard)
);
