-- 043_frame_pair_portraits.sql: a frame's profile says whether its player
-- shows two portrait photos side by side on a landscape screen (issue 12;
-- default true). The player reads it from GET /frames/{frame_id}; no
-- render and no manifest depends on it, so a change bumps no stamp (the
-- frames_stamp_update trigger of sql/041 names its columns).
ALTER TABLE frames ADD COLUMN pair_portraits BOOLEAN NOT NULL DEFAULT true;

-- media_frame_put gains p_pair and returns pair_portraits. A new argument
-- and a new result column change its signature, which CREATE OR REPLACE
-- cannot do: the old one goes first. p_pair defaults to NULL (keep the
-- stored value; a new frame: true), so the listener's six-argument call
-- (functions/listener/events.c, device.registered) keeps its meaning and
-- its columns (display_changed, rerendered, read by name). The rest is
-- sql/041's contract unchanged: a NULL argument keeps the stored value, a
-- new frame needs p_width and p_height (else no row and nothing written),
-- the same values again write nothing, a changed size or fit runs
-- media_frame_rerender.
DROP FUNCTION media_frame_put(text, text, text, int, int, text);
CREATE FUNCTION media_frame_put(p_user text, p_frame text, p_name text,
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
