-- 022_manifests.sql: what a frame shows now (GET /schedules/{id}/photos),
-- computed once and kept until something it depends on changes, so that
-- the poll of a frame whose photos did not change is one indexed lookup.
--
-- Everything a schedule's manifest reads belongs to its user: the schedule,
-- the playlist, the photos' versions and metadata, the frame's cache
-- entries. Every write to those rows bumps the user's stamp (triggers
-- below, so no writer can forget: the API, the listener, the download
-- worker). A stored manifest is used only while its stamp is the user's
-- current one and valid_until has not passed. The stamp is read in the same
-- snapshot as the inputs, so a change that commits during a computation
-- leaves an old stamp behind and the next poll computes again.
--
-- valid_until covers what changes with the clock alone: a time window can
-- open or close at the next minute, a trigger runs out, a cached file
-- expires. Five minutes at most: a safety net for what the stamp cannot
-- see (another user's metadata claiming a photo id of this playlist).

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
