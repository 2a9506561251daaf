-- 044_memories.sql: criteria that follow the calendar (issue 13):
-- on_this_day, years_ago, taken_within_days. "Today" is a date in a time
-- zone (the query's timezone, a playlist's, a schedule's); a photo's day is
-- the UTC date of photo_taken_at (EXIF times carry no zone, stored as UTC).
--
-- media_month_day, media_photo_day and media_criteria_timed stay here, not
-- in sql/functions/: indexes are built on them (a fresh database makes the
-- indexes before any file of sql/functions runs), and changing the body of
-- an indexed function would leave its index wrong. A change to one is a
-- new migration that rebuilds the index. The other functions: sql/functions/
-- 10_common.sql, 20_metadata.sql, 30_playlists.sql, 70_schedules.sql.

ALTER TABLE playlists ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE rotation_schedules ADD COLUMN fallback_playlist_id VARCHAR(50);

-- A date's month and day as one number, 101-1231. date_part (float8), not
-- extract (numeric since PostgreSQL 14, several times slower per row).
CREATE FUNCTION media_month_day(d date) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (date_part('month', d) * 100 + date_part('day', d))::int $$;

-- A photo's day is the UTC date of its photo_taken_at; immutable (the zone
-- is explicit), so it can be indexed.
CREATE FUNCTION media_photo_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (t AT TIME ZONE 'UTC')::date $$;

-- on_this_day for a user with 100,000 photos: one index range per day of
-- the window instead of a scan of all the user's photos.
CREATE INDEX idx_photo_metadata_user_month_day ON photo_metadata
    (user_id, media_month_day(media_photo_day(photo_taken_at)));

-- Does criteria c depend on the date?
CREATE FUNCTION media_criteria_timed(c jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(c ?| ARRAY['on_this_day', 'years_ago', 'taken_within_days'], false) $$;

-- The old signature goes; the new one is in sql/functions/ (media_criteria_match).
DROP FUNCTION IF EXISTS media_criteria_match(photo_metadata, jsonb);

-- The day change: the zones in use and the day each was last brought to.
CREATE TABLE media_zone_days (
    timezone TEXT PRIMARY KEY,
    day      DATE NOT NULL
);
CREATE INDEX idx_playlists_timed ON playlists (timezone)
    WHERE playlist_type = 'smart' AND media_criteria_timed(smart_criteria);
