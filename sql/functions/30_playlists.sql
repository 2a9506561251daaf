-- 30_playlists.sql: playlists (contract §3.3): their photos, and
-- membership that follows the calendar (issue 13). Their event,
-- media.playlist.updated, is written by the trigger of 80_outbox.sql.
--
-- Membership that follows the calendar is computed where it is read:
-- media_smart_photos() (20_metadata.sql) is the one home of a smart
-- playlist's photos, called by create/update, GET /playlists/{id}, the
-- manifest and the day change. The stored photo_ids of such a playlist are
-- brought to the new day by the listener (media_day_changes(), within a
-- minute after local midnight), which is what emits media.playlist.updated
-- (80_outbox.sql).

-- The photos of an ai_curated playlist of user u with criteria c on day d
-- (today in the playlist's zone), BR-M004: best first (media_best_first,
-- 20_metadata.sql), at most 3 a day before any 4th, scenes taken in turn,
-- enhancement candidates only when nothing better; at most c's max_photos
-- (default 100). POST and PUT /playlists (functions/playlists/create.c,
-- update.c).
CREATE OR REPLACE FUNCTION media_curated_photos(u text, c jsonb, d date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
SELECT coalesce(jsonb_agg(t.file_id ORDER BY t.pick), '[]'::jsonb) FROM (
    SELECT s.file_id,
           row_number() OVER (ORDER BY s.candidate, s.per_day > 3, s.per_scene, s.best) AS pick
    FROM (SELECT m.file_id, b.best,
                 coalesce(m.quality_score < 0.5, false)
                 OR m.full_metadata @> '{"enhancement_candidate": true}' AS candidate,
                 row_number() OVER (PARTITION BY (m.photo_taken_at AT TIME ZONE 'UTC')::date
                                    ORDER BY b.best) AS per_day,
                 row_number() OVER (PARTITION BY m.ai_scenes ->> 0 ORDER BY b.best) AS per_scene
          FROM unnest(media_best_first(u, c, d)) WITH ORDINALITY AS b(file_id, best)
          JOIN photo_metadata m ON m.user_id = u AND m.file_id = b.file_id) s
    ORDER BY pick LIMIT coalesce((c ->> 'max_photos')::int, 100)) t
$$;

-- The photos of playlist p on day d: computed for a smart playlist whose
-- criteria follow the calendar, else the stored ones.
CREATE OR REPLACE FUNCTION media_playlist_photos(p playlists, d date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
SELECT CASE WHEN p.playlist_type = 'smart' AND media_criteria_timed(p.smart_criteria)
            THEN media_smart_photos(p.user_id, p.smart_criteria, d)
            ELSE p.photo_ids END
$$;

-- What GET /playlists/{id} shows as photo_ids (the row is rendered in C,
-- functions/playlists/json.c): for a smart playlist whose criteria follow
-- the calendar, its photos of today in its zone, whatever the day change
-- has stored yet; NULL for any other (its stored photo_ids stand).
-- plpgsql, not SQL, on purpose: an SQL function is inlined into the
-- caller's statement, so its body (and media_criteria_timed's) was parsed
-- and planned again on every GET, since pgbouncer's transaction mode
-- allows no prepared statements. That cost PostgreSQL ~120 us per GET, as
-- much as the rest of it (make bench, issue 11); plpgsql keeps its plans
-- in each pooled server connection.
CREATE OR REPLACE FUNCTION media_playlist_today(p playlists) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF p.playlist_type = 'smart' AND media_criteria_timed(p.smart_criteria) THEN
        RETURN media_smart_photos(p.user_id, p.smart_criteria, media_local_today(p.timezone));
    END IF;
    RETURN NULL;
END
$$;

-- Bring every calendar-following smart playlist of zone p_tz to day p_day.
-- Only playlists whose membership (as a set) changed are written, so only
-- they get media.playlist.updated (80_outbox.sql) and a new manifest stamp.
-- Returns how many changed. Safe to run twice. n is MATERIALIZED: inlined,
-- the planner copied media_smart_photos() into each of the three places
-- that read n.ids and ran it up to three times a playlist (make bench, day
-- change of 10,000 playlists: 26.6 s, materialized 9.5 s).
CREATE OR REPLACE FUNCTION media_day_change(p_tz text, p_day date) RETURNS integer
LANGUAGE sql VOLATILE AS $$
WITH n AS MATERIALIZED (
    SELECT p.playlist_id, media_smart_photos(p.user_id, p.smart_criteria, p_day) AS ids
    FROM playlists p
    WHERE p.playlist_type = 'smart' AND media_criteria_timed(p.smart_criteria)
      AND p.timezone = p_tz),
changed AS (
    UPDATE playlists p SET photo_ids = n.ids, updated_at = now()
    FROM n
    WHERE p.playlist_id = n.playlist_id
      AND NOT (p.photo_ids @> n.ids AND n.ids @> p.photo_ids)
    RETURNING 1)
SELECT count(*)::integer FROM changed
$$;

-- The listener's chore (every 30 s): each zone in use whose local date is
-- not the one it was last brought to gets the day change. p_day given (the
-- test hook, MEDIA_TEST_HOOKS=1): that date for p_tz, or for every zone in
-- use when p_tz is NULL. One listener at a time (advisory lock).
CREATE OR REPLACE FUNCTION media_day_changes(p_tz text DEFAULT NULL, p_day date DEFAULT NULL)
RETURNS TABLE (timezone text, day date, n_changed int)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    z text;
    d date;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('media_day_changes'));
    FOR z IN SELECT DISTINCT p.timezone FROM playlists p
             WHERE p.playlist_type = 'smart' AND media_criteria_timed(p.smart_criteria)
               AND (p_tz IS NULL OR p.timezone = p_tz)
    LOOP
        d := coalesce(p_day, media_local_today(z));
        IF p_day IS NULL AND EXISTS (SELECT 1 FROM media_zone_days zd
                                     WHERE zd.timezone = z AND zd.day = d) THEN
            CONTINUE;
        END IF;
        timezone := z;
        day := d;
        n_changed := media_day_change(z, d);
        INSERT INTO media_zone_days AS zd (timezone, day) VALUES (z, d)
        ON CONFLICT (timezone) DO UPDATE SET day = excluded.day;
        RETURN NEXT;
    END LOOP;
END
$$;
