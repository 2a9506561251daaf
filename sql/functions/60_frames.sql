-- 60_frames.sql: frame display profiles (issue 9 item 4): the size and
-- fit a frame's renders are made for. The frames function (PUT/GET/DELETE
-- /frames) and the listener (device.registered with a display,
-- device.deleted) change them only through the functions below, so each
-- rule has one home. Locks as in 50_cache.sql.

-- The display a frame's renders are made for: its profile, else 1920x1080
-- contain (issue 9 §5). The one home of that default, and of the
-- render_spec text ("1920x1080 contain") that says which profile a file
-- was made for.
CREATE OR REPLACE FUNCTION media_frame_display(p_user text, p_frame text,
    OUT width int, OUT height int, OUT fit text, OUT render_spec text)
LANGUAGE sql STABLE AS $$
SELECT d.w, d.h, d.fit, d.w || 'x' || d.h || ' ' || d.fit
FROM (SELECT coalesce(f.display_width, 1920) AS w, coalesce(f.display_height, 1080) AS h,
             coalesce(f.fit, 'contain') AS fit
      FROM (SELECT 1) one
      LEFT JOIN frames f ON f.user_id = p_user AND f.frame_id = p_frame) d
$$;

-- media_frame_rerender: the frame's renders are redone for the profile in
-- force. Every live (pending, downloading, cached) entry of the frame with
-- cache_quality 'display' gets a download job at schedule priority
-- (media_cache_priority, BR-M008); a job already
-- queued is raised to it, never lowered. The download worker re-renders
-- such an entry in place: a cached one stays cached, with its old file,
-- until the new render replaces it. Returns the number of entries queued.
-- The lock order: as in media_cache_ensure, the entries, then the jobs it
-- queues or raises, in cache_id order.
CREATE OR REPLACE FUNCTION media_frame_rerender(p_user text, p_frame text)
RETURNS int LANGUAGE sql VOLATILE AS $$
WITH l AS MATERIALIZED (
    SELECT c.cache_id FROM photo_cache c
    WHERE c.user_id = p_user AND c.frame_id = p_frame AND c.cache_quality = 'display'
      AND c.cache_status IN ('pending', 'downloading', 'cached')
    ORDER BY c.cache_id FOR KEY SHARE OF c),
q AS (
    INSERT INTO cache_jobs (cache_id, priority)
    SELECT l.cache_id, media_cache_priority('schedule') FROM l ORDER BY l.cache_id
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
-- redelivered event changes nothing twice. p_pair (pair_portraits, issue
-- 12) defaults to NULL (keep the stored value; a new frame: true), so the
-- listener's six-argument call (functions/listener/events.c,
-- device.registered) keeps its meaning and its columns (display_changed,
-- rerendered, read by name).
CREATE OR REPLACE FUNCTION media_frame_put(p_user text, p_frame text, p_name text,
    p_width int, p_height int, p_fit text, p_pair boolean DEFAULT NULL)
RETURNS TABLE (user_id text, frame_id text, name text, display_width int,
    display_height int, fit text, pair_portraits boolean, created_at timestamptz,
    updated_at timestamptz, created boolean, display_changed boolean, rerendered int)
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
        INSERT INTO frames AS f (user_id, frame_id, name, display_width, display_height, fit,
                                 pair_portraits)
        VALUES (p_user, p_frame, p_name, p_width, p_height, coalesce(p_fit, 'contain'),
                coalesce(p_pair, true))
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
            fit = coalesce(p_fit, f.fit),
            pair_portraits = coalesce(p_pair, f.pair_portraits), updated_at = now()
        WHERE f.user_id = p_user AND f.frame_id = p_frame
          AND (f.name, f.display_width, f.display_height, f.fit, f.pair_portraits) IS DISTINCT FROM
              (coalesce(p_name, f.name), coalesce(p_width, f.display_width),
               coalesce(p_height, f.display_height), coalesce(p_fit, f.fit),
               coalesce(p_pair, f.pair_portraits))
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
        cur.display_width, cur.display_height, cur.fit, cur.pair_portraits,
        cur.created_at, cur.updated_at, is_new, changed, n;
END
$$;

-- media_frame_delete: frame p_frame of p_user goes with everything made
-- for it: the profile, the user's rotation_schedules of the frame (their
-- media.schedule.updated comes from 70_schedules.sql's trigger) and the frame's
-- photo_cache rows (their cache_jobs by cascade). One row with a NULL
-- cache_id always comes first, then one per removed entry: (user_id,
-- frame_id, cache_id) as cachefile_remove_rows (shared/cachefile.c) takes
-- them, to remove the files after the commit; frame_existed (the same on
-- every row) says whether there was a profile. Run twice, the second run
-- removes nothing. The lock order (1, 2, 3): one statement per table, in
-- the order (a data-modifying WITH runs its parts
-- in no set order), the entries locked in cache_id order before they go.
CREATE OR REPLACE FUNCTION media_frame_delete(p_user text, p_frame text)
RETURNS TABLE (user_id text, frame_id text, cache_id text, frame_existed boolean)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    existed boolean;
    gone text[];
BEGIN
    DELETE FROM frames f WHERE f.user_id = p_user AND f.frame_id = p_frame;
    existed := FOUND;
    DELETE FROM rotation_schedules s WHERE s.user_id = p_user AND s.frame_id = p_frame;
    WITH l AS MATERIALIZED (
        SELECT c.cache_id FROM photo_cache c
        WHERE c.user_id = p_user AND c.frame_id = p_frame
        ORDER BY c.cache_id FOR UPDATE OF c),
    d AS (
        DELETE FROM photo_cache c USING l WHERE c.cache_id = l.cache_id
        RETURNING c.cache_id)
    SELECT array_agg(d.cache_id::text) INTO gone FROM d;
    RETURN QUERY
    SELECT p_user, p_frame, e.cache_id, existed
    FROM (SELECT 0 AS ord, NULL::text AS cache_id
          UNION ALL SELECT 1, g FROM unnest(gone) AS g) e
    ORDER BY e.ord, e.cache_id;
END
$$;
