-- 001_schema.sql: the five tables of the design and the event outbox.
-- Differences from design.md, as the contract asks: TIMESTAMPTZ everywhere,
-- width/height on photo_metadata, timezone/trigger columns on schedules,
-- CHECKs that keep the rules true even for a buggy writer.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE photo_versions (
    version_id        VARCHAR(50) PRIMARY KEY,
    photo_id          VARCHAR(50) NOT NULL,
    user_id           VARCHAR(50) NOT NULL,
    organization_id   VARCHAR(50),
    version_name      VARCHAR(255) NOT NULL,
    version_type      VARCHAR(50) NOT NULL CHECK (version_type IN
        ('original', 'ai_enhanced', 'ai_styled', 'ai_background_removed', 'user_edited')),
    processing_mode   VARCHAR(100),
    file_id           VARCHAR(50) NOT NULL,
    cloud_url         TEXT,
    local_path        VARCHAR(500),
    file_size         BIGINT CHECK (file_size >= 0),
    processing_params JSONB NOT NULL DEFAULT '{}',
    metadata          JSONB NOT NULL DEFAULT '{}',
    is_current        BOOLEAN NOT NULL DEFAULT false,
    version_number    INT NOT NULL DEFAULT 1 CHECK (version_number >= 1),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (photo_id, version_number)
);
CREATE INDEX idx_photo_versions_photo_id ON photo_versions (photo_id);
CREATE INDEX idx_photo_versions_user_id ON photo_versions (user_id);
-- BR-M001: at most one current version per photo, enforced by the database.
CREATE UNIQUE INDEX idx_photo_versions_one_current ON photo_versions (photo_id) WHERE is_current;

CREATE TABLE photo_metadata (
    file_id          VARCHAR(50) PRIMARY KEY,
    user_id          VARCHAR(50) NOT NULL,
    organization_id  VARCHAR(50),
    -- EXIF
    camera_make      VARCHAR(100),
    camera_model     VARCHAR(100),
    lens_model       VARCHAR(100),
    focal_length     VARCHAR(50),
    aperture         VARCHAR(50),
    shutter_speed    VARCHAR(50),
    iso              INT,
    flash_used       BOOLEAN,
    width            INT CHECK (width > 0),
    height           INT CHECK (height > 0),
    exif_orientation SMALLINT CHECK (exif_orientation BETWEEN 1 AND 8),
    -- Location
    latitude         DECIMAL(10, 8) CHECK (latitude BETWEEN -90 AND 90),
    longitude        DECIMAL(11, 8) CHECK (longitude BETWEEN -180 AND 180),
    location_name    VARCHAR(255),
    photo_taken_at   TIMESTAMPTZ,
    -- AI analysis
    ai_labels        JSONB NOT NULL DEFAULT '[]',
    ai_objects       JSONB NOT NULL DEFAULT '[]',
    ai_scenes        JSONB NOT NULL DEFAULT '[]',
    ai_colors        JSONB NOT NULL DEFAULT '[]',
    face_detection   JSONB,
    text_detection   JSONB,
    -- Quality, 0..1 (four digits: two would make sharp and blurry tie)
    quality_score    NUMERIC(5, 4) CHECK (quality_score BETWEEN 0 AND 1),
    blur_score       NUMERIC(5, 4) CHECK (blur_score BETWEEN 0 AND 1),
    brightness       NUMERIC(5, 4) CHECK (brightness BETWEEN 0 AND 1),
    contrast         NUMERIC(5, 4) CHECK (contrast BETWEEN 0 AND 1),
    full_metadata    JSONB NOT NULL DEFAULT '{}',
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- The query order of contract §3.2 is this index's order.
CREATE INDEX idx_photo_metadata_user_quality ON photo_metadata
    (user_id, quality_score DESC NULLS LAST, photo_taken_at DESC, file_id);
CREATE INDEX idx_photo_metadata_user_taken ON photo_metadata (user_id, photo_taken_at);
CREATE INDEX idx_photo_metadata_quality_score ON photo_metadata (quality_score);
CREATE INDEX idx_photo_metadata_ai_labels ON photo_metadata USING GIN (ai_labels);
CREATE INDEX idx_photo_metadata_ai_scenes ON photo_metadata USING GIN (ai_scenes);
CREATE INDEX idx_photo_metadata_ai_objects ON photo_metadata USING GIN (ai_objects);

CREATE TABLE playlists (
    playlist_id         VARCHAR(50) PRIMARY KEY,
    name                VARCHAR(255) NOT NULL,
    description         TEXT CHECK (length(description) <= 1000),
    user_id             VARCHAR(50) NOT NULL,
    organization_id     VARCHAR(50),
    playlist_type       VARCHAR(50) NOT NULL CHECK (playlist_type IN ('manual', 'smart', 'ai_curated')),
    smart_criteria      JSONB,
    photo_ids           JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(photo_ids) = 'array'),
    shuffle             BOOLEAN NOT NULL DEFAULT false,
    loop                BOOLEAN NOT NULL DEFAULT true,
    transition_duration INT NOT NULL DEFAULT 5 CHECK (transition_duration BETWEEN 1 AND 60),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_playlists_user_created ON playlists (user_id, created_at DESC, playlist_id);
CREATE INDEX idx_playlists_type ON playlists (playlist_type);
-- BR-M007 looks up a user's smart playlists on every metadata change.
CREATE INDEX idx_playlists_user_smart ON playlists (user_id) WHERE playlist_type = 'smart';

CREATE TABLE rotation_schedules (
    schedule_id       VARCHAR(50) PRIMARY KEY,
    user_id           VARCHAR(50) NOT NULL,
    organization_id   VARCHAR(50),
    frame_id          VARCHAR(50) NOT NULL,
    playlist_id       VARCHAR(50),
    schedule_type     VARCHAR(50) NOT NULL CHECK (schedule_type IN ('continuous', 'time_based', 'event_based')),
    start_time        VARCHAR(5),
    end_time          VARCHAR(5),
    days_of_week      JSONB NOT NULL DEFAULT '[]',
    timezone          TEXT NOT NULL DEFAULT 'UTC',
    rotation_interval INT NOT NULL DEFAULT 10 CHECK (rotation_interval >= 1),
    shuffle           BOOLEAN NOT NULL DEFAULT false,
    is_active         BOOLEAN NOT NULL DEFAULT true,
    trigger_event     VARCHAR(255),
    active_minutes    INT CHECK (active_minutes >= 1),
    triggered_until   TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_rotation_schedules_frame_id ON rotation_schedules (frame_id, created_at DESC);
CREATE INDEX idx_rotation_schedules_user_id ON rotation_schedules (user_id);
CREATE INDEX idx_rotation_schedules_active ON rotation_schedules (is_active) WHERE is_active;
CREATE INDEX idx_rotation_schedules_playlist ON rotation_schedules (playlist_id);

CREATE TABLE photo_cache (
    cache_id         VARCHAR(50) PRIMARY KEY,
    user_id          VARCHAR(50) NOT NULL,
    frame_id         VARCHAR(50) NOT NULL,
    photo_id         VARCHAR(50) NOT NULL,
    version_id       VARCHAR(50),
    cache_status     VARCHAR(50) NOT NULL CHECK (cache_status IN
        ('pending', 'downloading', 'cached', 'failed', 'expired')),
    cached_url       TEXT,
    local_path       VARCHAR(500),
    cache_size       BIGINT,
    cache_format     VARCHAR(50),
    cache_quality    VARCHAR(50),
    hit_count        INT NOT NULL DEFAULT 0,
    last_accessed_at TIMESTAMPTZ,
    error_message    TEXT,
    retry_count      INT NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ NOT NULL DEFAULT (now() + INTERVAL '30 days')
);
CREATE INDEX idx_photo_cache_frame_id ON photo_cache (frame_id, photo_id);
CREATE INDEX idx_photo_cache_user_id ON photo_cache (user_id);
CREATE INDEX idx_photo_cache_status ON photo_cache (cache_status);
CREATE INDEX idx_photo_cache_expires_at ON photo_cache (expires_at);
CREATE INDEX idx_photo_cache_last_accessed ON photo_cache (last_accessed_at);

-- Contract §4: a change and its event commit together; the listener relays
-- unpublished rows to JetStream with event_id as Nats-Msg-Id. The published
-- message is payload + event_id + event_type + timestamp (created_at).
CREATE TABLE outbox (
    id           BIGSERIAL PRIMARY KEY,
    event_id     VARCHAR(50) NOT NULL UNIQUE
                 DEFAULT 'evt_' || encode(gen_random_bytes(12), 'hex'),
    event_type   VARCHAR(100) NOT NULL,
    aggregate_id VARCHAR(50) NOT NULL,
    payload      JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX idx_outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
