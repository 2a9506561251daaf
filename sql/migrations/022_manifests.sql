-- 022_manifests.sql: what a frame shows now (GET /schedules/{id}/photos),
-- computed once and kept until something it depends on changes, so that
-- the poll of a frame whose photos did not change is one indexed lookup.
-- Its tables; how they are used: sql/functions/40_stamps.sql and
-- 75_manifests.sql.

CREATE TABLE media_user_stamps (
    user_id VARCHAR(50) PRIMARY KEY,
    stamp   BIGINT NOT NULL
);

CREATE TABLE schedule_manifests (
    schedule_id VARCHAR(50) PRIMARY KEY
                REFERENCES rotation_schedules (schedule_id) ON DELETE CASCADE,
    user_id     VARCHAR(50) NOT NULL,
    stamp       BIGINT NOT NULL,
    valid_until TIMESTAMPTZ NOT NULL,
    etag        TEXT NOT NULL,
    body        JSON NOT NULL
);
