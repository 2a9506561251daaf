-- 053_playlist_today.sql: what GET /playlists/{id} shows for a playlist
-- that follows the calendar, for the C rendering of reads (issue 11).

-- A smart playlist whose criteria follow the calendar: its photos of today
-- in its zone; any other playlist: NULL (its stored photo_ids stand).
CREATE FUNCTION media_playlist_today(p playlists) RETURNS jsonb
LANGUAGE sql STABLE AS $$
SELECT CASE WHEN p.playlist_type = 'smart' AND media_criteria_timed(p.smart_criteria)
            THEN media_smart_photos(p.user_id, p.smart_criteria, media_local_today(p.timezone)) END
$$;
