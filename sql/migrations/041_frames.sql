-- 041_frames.sql: frame display profiles (issue 9 item 4): the size and
-- fit a frame's renders are made for. The frames function (PUT/GET/DELETE
-- /frames) and the listener (device.registered with a display,
-- device.deleted) change them only through the functions below, so each
-- rule has one home.

-- A frame id belongs to its user (contract §2): two users may both have
-- `living-room`, and neither sees the other's.
CREATE TABLE frames (
    user_id        VARCHAR(50) NOT NULL,
    frame_id       VARCHAR(50) NOT NULL,
    name           VARCHAR(255),
    display_width  INT NOT NULL CHECK (display_width BETWEEN 1 AND 8192),
    display_height INT NOT NULL CHECK (display_height BETWEEN 1 AND 8192),
    fit            TEXT NOT NULL DEFAULT 'contain' CHECK (fit IN ('contain', 'cover')),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, frame_id)
);
-- GET /frames: a user's frames, newest first.
CREATE INDEX idx_frames_user_created ON frames (user_id, created_at DESC, frame_id);
