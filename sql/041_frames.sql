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

-- A stored schedule manifest (sql/022) describes renders made for the
-- frame's display: a profile that appears, goes, or changes its size or
-- fit bumps the user's stamp. A rename changes no manifest.
CREATE TRIGGER frames_stamp_insert_delete AFTER INSERT OR DELETE ON frames
    FOR EACH ROW EXECUTE FUNCTION media_user_stamp_bump();
CREATE TRIGGER frames_stamp_update AFTER UPDATE ON frames
    FOR EACH ROW WHEN ((OLD.user_id, OLD.display_width, OLD.display_height, OLD.fit)
        IS DISTINCT FROM (NEW.user_id, NEW.display_width, NEW.display_height, NEW.fit))
    EXECUTE FUNCTION media_user_stamp_bump();

-- media_frame_rerender: the frame's renders are redone for the profile in
-- force. Every live (pending, downloading, cached) entry of the frame with
-- cache_quality 'display' gets a download job at schedule priority (10,
-- CACHE_PRIO_SCHEDULE of shared/cachefile.h, BR-M008); a job already
-- queued is raised to it, never lowered. The download worker re-renders
-- such an entry in place: a cached one stays cached, with its old file,
-- until the new render replaces it. Returns the number of entries queued.
CREATE FUNCTION media_frame_rerender(p_user text, p_frame text)
RETURNS int LANGUAGE sql VOLATILE AS $$
WITH q AS (
    INSERT INTO cache_jobs (cache_id, priority)
    SELECT c.cache_id, 10 FROM photo_cache c
    WHERE c.user_id = p_user AND c.frame_id = p_frame AND c.cache_quality = 'display'
      AND c.cache_status IN ('pending', 'downloading', 'cached')
    ON CONFLICT (cache_id)
    DO UPDATE SET priority = greatest(cache_jobs.priority, excluded.priority)
    RETURNING 1)
SELECT count(*)::int FROM q
$$;

-- media_frame_put: create or update frame p_frame of p_user. A NULL
-- argument keeps the stored value (a new frame: name NULL, fit 'contain');
-- a new frame needs p_width and p_height: without them no row comes back
-- and nothing is written (the caller says which is missing). Values are
-- checked by the table (CHECK, VARCHAR): a bad one raises 23514/22001.
-- Returns the frame as stored, created (it did not exist), display_changed
-- (created, or the size or fit differs from before) and rerendered (the
-- entries media_frame_rerender queued, 0 when nothing changed). Putting
-- the values already stored writes nothing (updated_at stays), so a
-- redelivered event changes nothing twice.
CREATE FUNCTION media_frame_put(p_user text, p_frame text, p_name text,
    p_width int, p_height int, p_fit text)
RETURNS TABLE (user_id text, frame_id text, name text, display_width int,
    display_height int, fit text, created_at timestamptz, updated_at timestamptz,
    created boolean, display_changed boolean, rerendered int)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    old frames;
    cur frames;
    is_new boolean := false;
    changed boolean;
    n int := 0;
BEGIN
    SELECT * INTO old FROM frames f WHERE f.user_id = p_user AND f.frame_id = p_frame FOR UPDATE;
    IF NOT FOUND THEN
        IF p_width IS NULL OR p_height IS NULL THEN
            RETURN;
        END IF;
        INSERT INTO frames AS f (user_id, frame_id, name, display_width, display_height, fit)
        VALUES (p_user, p_frame, p_name, p_width, p_height, coalesce(p_fit, 'contain'))
        ON CONFLICT DO NOTHING
        RETURNING f.* INTO cur;
        is_new := FOUND;
        IF NOT is_new THEN
            -- A concurrent PUT created it first: update that row.
            SELECT * INTO old FROM frames f
            WHERE f.user_id = p_user AND f.frame_id = p_frame FOR UPDATE;
        END IF;
    END IF;
    IF NOT is_new THEN
        UPDATE frames f SET name = coalesce(p_name, f.name),
            display_width = coalesce(p_width, f.display_width),
            display_height = coalesce(p_height, f.display_height),
            fit = coalesce(p_fit, f.fit), updated_at = now()
        WHERE f.user_id = p_user AND f.frame_id = p_frame
          AND (f.name, f.display_width, f.display_height, f.fit) IS DISTINCT FROM
              (coalesce(p_name, f.name), coalesce(p_width, f.display_width),
               coalesce(p_height, f.display_height), coalesce(p_fit, f.fit))
        RETURNING f.* INTO cur;
        IF NOT FOUND THEN
            cur := old;
        END IF;
    END IF;
    changed := is_new OR (old.display_width, old.display_height, old.fit)
        IS DISTINCT FROM (cur.display_width, cur.display_height, cur.fit);
    IF changed THEN
        n := media_frame_rerender(p_user, p_frame);
    END IF;
    RETURN QUERY SELECT cur.user_id::text, cur.frame_id::text, cur.name::text,
        cur.display_width, cur.display_height, cur.fit, cur.created_at, cur.updated_at,
        is_new, changed, n;
END
$$;

-- media_frame_delete: frame p_frame of p_user goes with everything made
-- for it: the profile, the user's rotation_schedules of the frame (their
-- media.schedule.updated comes from sql/020's trigger) and the frame's
-- photo_cache rows (their cache_jobs by cascade). One row with a NULL
-- cache_id always comes first, then one per removed entry: (user_id,
-- frame_id, cache_id) as cachefile_remove_rows (shared/cachefile.c) takes
-- them, to remove the files after the commit; frame_existed (the same on
-- every row) says whether there was a profile. Run twice, the second run
-- removes nothing.
CREATE FUNCTION media_frame_delete(p_user text, p_frame text)
RETURNS TABLE (user_id text, frame_id text, cache_id text, frame_existed boolean)
LANGUAGE sql VOLATILE AS $$
WITH f AS (
    DELETE FROM frames f WHERE f.user_id = p_user AND f.frame_id = p_frame RETURNING 1),
s AS (
    DELETE FROM rotation_schedules s WHERE s.user_id = p_user AND s.frame_id = p_frame),
c AS (
    DELETE FROM photo_cache c WHERE c.user_id = p_user AND c.frame_id = p_frame
    RETURNING c.cache_id)
SELECT p_user, p_frame, e.cache_id, (SELECT count(*) > 0 FROM f)
FROM (SELECT 0 AS ord, NULL::text AS cache_id
      UNION ALL SELECT 1, c.cache_id::text FROM c) e
ORDER BY e.ord, e.cache_id
$$;
