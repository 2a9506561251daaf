-- 044_memories.sql: criteria that follow the calendar (issue 13):
-- on_this_day, years_ago, taken_within_days. "Today" is a date in a time
-- zone (the query's timezone, a playlist's, a schedule's); a photo's day is
-- the UTC date of photo_taken_at (EXIF times carry no zone, stored as UTC).
--
-- Membership that follows the calendar is computed where it is read:
-- media_smart_photos() is the one home of a smart playlist's photos, called
-- by create/update, GET /playlists/{id}, the manifest and the day change.
-- The stored photo_ids of such a playlist are brought to the new day by the
-- listener (media_day_changes(), within a minute after local midnight),
-- which is what emits media.playlist.updated (sql/003's trigger).

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

-- Today in zone tz (a name validated by the caller).
CREATE FUNCTION media_local_today(tz text) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT (now() AT TIME ZONE tz)::date $$;

-- Does criteria c depend on the date?
CREATE FUNCTION media_criteria_timed(c jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(c ?| ARRAY['on_this_day', 'years_ago', 'taken_within_days'], false) $$;

-- on_this_day's window in days (0 for true or when only years_ago is set).
CREATE FUNCTION media_memory_window(c jsonb) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce((c #>> '{on_this_day,window_days}')::int, 0) $$;

-- The month-days a memory of day d may have: each day of d's window, and
-- Feb 29 on a Feb 28 of a year without one. Immutable: constant criteria
-- and date fold to an array at plan time, an index condition.
CREATE FUNCTION media_memory_month_days(c jsonb, d date) RETURNS int[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT array_agg(DISTINCT x.md)
FROM generate_series(-media_memory_window(c), media_memory_window(c)) AS g(n),
     LATERAL (SELECT d + g.n AS day) y,
     LATERAL (VALUES (media_month_day(y.day)),
                     (CASE WHEN media_month_day(y.day) = 228
                                AND make_date(extract(year FROM y.day)::int, 3, 1) - y.day = 1
                           THEN 229 END)) AS x(md)
WHERE x.md IS NOT NULL
$$;

-- BR-M006 on day d: every present criterion must hold (AND). NULL for a
-- photo that lacks the column a criterion needs: callers treat that as no
-- match. d is "today" in the zone of whoever asks; immutable in (m, c, d).
--   on_this_day: the photo's month-day is one of the window's (Feb 29 on
--     Feb 28 in years without one), in an earlier year: taken before the
--     window starts.
--   years_ago N: the photo's day plus N years (Feb 29 + N years is Feb 28
--     when that year has none) falls in the window.
--   taken_within_days N: the photo's day is one of the N days ending d.
DROP FUNCTION media_criteria_match(photo_metadata, jsonb);
CREATE FUNCTION media_criteria_match(m photo_metadata, c jsonb, d date) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
SELECT (c -> 'ai_labels_contains' IS NULL OR m.ai_labels @> (c -> 'ai_labels_contains'))
   AND (c -> 'ai_scenes_contains' IS NULL OR m.ai_scenes @> (c -> 'ai_scenes_contains'))
   AND (c -> 'ai_objects_contains' IS NULL OR m.ai_objects @> (c -> 'ai_objects_contains'))
   AND (c -> 'ai_labels_any' IS NULL OR m.ai_labels ?| media_text_array(c -> 'ai_labels_any'))
   AND (c -> 'ai_scenes_any' IS NULL OR m.ai_scenes ?| media_text_array(c -> 'ai_scenes_any'))
   AND (c -> 'exclude_labels' IS NULL
        OR NOT (m.ai_labels ?| media_text_array(c -> 'exclude_labels')))
   AND (c -> 'quality_score_min' IS NULL
        OR m.quality_score >= (c ->> 'quality_score_min')::numeric)
   AND (c -> 'location_contains' IS NULL
        OR strpos(lower(m.location_name), lower(c ->> 'location_contains')) > 0)
   AND (c #> '{date_range,start_date}' IS NULL
        OR m.photo_taken_at >= media_range_start(c #>> '{date_range,start_date}'))
   AND (c #> '{date_range,end_date}' IS NULL
        OR m.photo_taken_at <= media_range_end(c #>> '{date_range,end_date}'))
   AND (c -> 'camera_make' IS NULL OR lower(m.camera_make) = lower(c ->> 'camera_make'))
   AND (c -> 'orientation' IS NULL
        OR media_orientation(m.width, m.height) = lower(c ->> 'orientation'))
   AND (c -> 'has_faces' IS NULL
        OR media_has_faces(m.face_detection) = (c ->> 'has_faces')::boolean)
   AND ((c -> 'on_this_day' IS NULL AND c -> 'years_ago' IS NULL)
        OR media_month_day(media_photo_day(m.photo_taken_at))
           = ANY (media_memory_month_days(c, d)))
   AND (c -> 'on_this_day' IS NULL
        OR m.photo_taken_at < (d - media_memory_window(c))::timestamp AT TIME ZONE 'UTC')
   AND (c -> 'years_ago' IS NULL
        OR (media_photo_day(m.photo_taken_at)
            + make_interval(years => (c ->> 'years_ago')::int))::date
           BETWEEN d - media_memory_window(c) AND d + media_memory_window(c))
   AND (c -> 'taken_within_days' IS NULL
        OR (m.photo_taken_at >= (d - ((c ->> 'taken_within_days')::int - 1))::timestamp
                                AT TIME ZONE 'UTC'
            AND m.photo_taken_at < (d + 1)::timestamp AT TIME ZONE 'UTC'))
$$;

-- The photos of a smart playlist of user u with criteria c on day d, in
-- the order of contract §3.2. EXECUTE ... USING plans the statement with
-- the values known, so media_criteria_match() folds to the conditions
-- present and their indexes (a static statement here would keep a generic
-- plan that scans every photo of the user).
CREATE FUNCTION media_smart_photos(u text, c jsonb, d date) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    ids jsonb;
BEGIN
    EXECUTE 'SELECT coalesce(jsonb_agg(m.file_id ORDER BY m.quality_score DESC NULLS LAST,'
         || ' m.photo_taken_at DESC NULLS LAST, m.file_id), ''[]''::jsonb)'
         || ' FROM photo_metadata m WHERE m.user_id = $1 AND media_criteria_match(m, $2, $3)'
    INTO ids USING u, c, d;
    RETURN ids;
END
$$;

-- The photos of playlist p on day d: computed for a smart playlist whose
-- criteria follow the calendar, else the stored ones.
CREATE FUNCTION media_playlist_photos(p playlists, d date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
SELECT CASE WHEN p.playlist_type = 'smart' AND media_criteria_timed(p.smart_criteria)
            THEN media_smart_photos(p.user_id, p.smart_criteria, d)
            ELSE p.photo_ids END
$$;

-- A playlist as the API returns it (contract §3.3), now with its zone.
CREATE OR REPLACE FUNCTION media_playlist_json(p playlists) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT json_build_object(
    'playlist_id', p.playlist_id, 'user_id', p.user_id,
    'organization_id', p.organization_id, 'name', p.name,
    'description', p.description, 'playlist_type', p.playlist_type,
    'smart_criteria', p.smart_criteria, 'timezone', p.timezone,
    'photo_ids', p.photo_ids,
    'photo_count', jsonb_array_length(p.photo_ids), 'shuffle', p.shuffle,
    'loop', p.loop, 'transition_duration', p.transition_duration,
    'created_at', media_ts(p.created_at), 'updated_at', media_ts(p.updated_at))
$$;

-- A playlist as read now: its photos of today in its zone (GET).
CREATE FUNCTION media_playlist_json_now(p playlists) RETURNS json
LANGUAGE sql STABLE AS $$
SELECT CASE WHEN p.playlist_type = 'smart' AND media_criteria_timed(p.smart_criteria)
            THEN media_playlist_json(jsonb_populate_record(p, jsonb_build_object(
                'photo_ids', media_playlist_photos(p, media_local_today(p.timezone)))))
            ELSE media_playlist_json(p) END
$$;

-- BR-M007 with the calendar: the re-check uses each playlist's today.
CREATE OR REPLACE FUNCTION media_smart_refresh(f text) RETURNS integer
LANGUAGE sql VOLATILE AS $$
WITH changed AS (
    UPDATE playlists p
    SET photo_ids = CASE WHEN p.photo_ids ? m.file_id THEN p.photo_ids - m.file_id
                         ELSE p.photo_ids || jsonb_build_array(m.file_id) END,
        updated_at = now()
    FROM photo_metadata m
    WHERE m.file_id = f
      AND p.user_id = m.user_id AND p.playlist_type = 'smart'
      AND coalesce(media_criteria_match(m, p.smart_criteria, media_local_today(p.timezone)),
                   false)
          <> (p.photo_ids ? m.file_id)
    RETURNING 1)
SELECT count(*)::integer FROM changed
$$;

-- The day change: the zones in use and the day each was last brought to.
CREATE TABLE media_zone_days (
    timezone TEXT PRIMARY KEY,
    day      DATE NOT NULL
);
CREATE INDEX idx_playlists_timed ON playlists (timezone)
    WHERE playlist_type = 'smart' AND media_criteria_timed(smart_criteria);

-- Bring every calendar-following smart playlist of zone p_tz to day p_day.
-- Only playlists whose membership (as a set) changed are written, so only
-- they get media.playlist.updated (sql/003) and a new manifest stamp.
-- Returns how many changed. Safe to run twice.
CREATE FUNCTION media_day_change(p_tz text, p_day date) RETURNS integer
LANGUAGE sql VOLATILE AS $$
WITH n AS (
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
CREATE FUNCTION media_day_changes(p_tz text DEFAULT NULL, p_day date DEFAULT NULL)
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

-- What schedule s shows on day d (its zone's today): its playlist's photos,
-- or while those are none, its fallback playlist's (issue 13 §3). timed:
-- the answer may change at the next local midnight. playlist_found false:
-- the playlist is gone (EC-M004).
CREATE FUNCTION media_schedule_photo_ids(s rotation_schedules, d date,
    OUT playlist_found boolean, OUT photo_ids jsonb, OUT fallback boolean,
    OUT timed boolean, OUT shuffle boolean, OUT transition_duration int)
LANGUAGE sql STABLE AS $$
SELECT p.playlist_id IS NOT NULL,
       CASE WHEN jsonb_array_length(a.ids) = 0 AND f.playlist_id IS NOT NULL
            THEN media_playlist_photos(f, d) ELSE a.ids END,
       coalesce(jsonb_array_length(a.ids) = 0 AND f.playlist_id IS NOT NULL, false),
       coalesce(p.playlist_type = 'smart' AND media_criteria_timed(p.smart_criteria), false)
       OR coalesce(f.playlist_type = 'smart' AND media_criteria_timed(f.smart_criteria), false),
       p.shuffle, p.transition_duration
FROM (SELECT 1) one
LEFT JOIN playlists p ON p.playlist_id = s.playlist_id AND p.user_id = s.user_id
LEFT JOIN LATERAL (SELECT media_playlist_photos(p, d) AS ids) a ON p.playlist_id IS NOT NULL
LEFT JOIN playlists f ON f.playlist_id = s.fallback_playlist_id AND f.user_id = s.user_id
$$;

-- A schedule as the API returns it, now with its fallback.
CREATE OR REPLACE FUNCTION media_schedule_json(s rotation_schedules) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT json_build_object(
    'schedule_id', s.schedule_id, 'user_id', s.user_id,
    'organization_id', s.organization_id, 'frame_id', s.frame_id,
    'playlist_id', s.playlist_id, 'fallback_playlist_id', s.fallback_playlist_id,
    'schedule_type', s.schedule_type,
    'start_time', s.start_time, 'end_time', s.end_time,
    'days_of_week', s.days_of_week, 'timezone', s.timezone,
    'rotation_interval', s.rotation_interval, 'shuffle', s.shuffle,
    'is_active', s.is_active, 'trigger_event', s.trigger_event,
    'active_minutes', s.active_minutes, 'triggered_until', media_ts(s.triggered_until),
    'in_force', media_schedule_in_force(s, now()),
    'created_at', media_ts(s.created_at), 'updated_at', media_ts(s.updated_at))
$$;

-- Schedules queue what the frame will show: the same photos as the manifest.
CREATE OR REPLACE FUNCTION media_schedule_queue(p_schedule text, p_priority int, p_retry boolean)
RETURNS TABLE (user_id text, frame_id text, cache_id text)
LANGUAGE sql VOLATILE AS $$
SELECT q.user_id, q.frame_id, g.id
FROM (SELECT s.user_id, s.frame_id, a.photos, a.versions
      FROM rotation_schedules s,
      LATERAL media_schedule_photo_ids(s, media_local_today(s.timezone)) sp,
      LATERAL (SELECT array_agg(i.photo_id ORDER BY i.ord) AS photos,
                      array_agg(i.version_id ORDER BY i.ord) AS versions
               FROM media_schedule_items(s.user_id, sp.photo_ids, NULL) i) a
      WHERE s.schedule_id = p_schedule AND sp.playlist_found) q,
     media_cache_ensure(q.user_id, q.frame_id, q.photos, q.versions, 'display', NULL,
                        p_priority, p_retry) e,
     unnest(string_to_array(e.stale_ids, ' ')) AS g(id)
WHERE q.photos IS NOT NULL
$$;

-- The manifest (sql/022, sql/042) on the schedule's day: the photos of
-- media_schedule_photo_ids, "fallback": true when they are the fallback's,
-- and for calendar-following playlists a valid_until no later than the
-- next local midnight, so the ETag changes with the day and only then.
CREATE OR REPLACE FUNCTION media_schedule_manifest(p_schedule text, p_user text, p_template text,
    OUT schedule_found boolean, OUT manifest json, OUT manifest_etag text,
    OUT n_missing bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_user  text;
    v_stamp bigint;
    v_until timestamptz;
BEGIN
    SELECT true, m.body, m.etag, 0 INTO schedule_found, manifest, manifest_etag, n_missing
    FROM schedule_manifests m
    WHERE m.schedule_id = p_schedule AND (p_user IS NULL OR m.user_id = p_user)
      AND m.valid_until > now()
      AND m.stamp = coalesce((SELECT u.stamp FROM media_user_stamps u
                              WHERE u.user_id = m.user_id), 0);
    IF FOUND THEN
        RETURN;
    END IF;

    WITH s AS (
        SELECT s.schedule_id, s.user_id, s.frame_id, s.playlist_id, s.rotation_interval,
               s.shuffle, media_schedule_in_force(s, now()) AS in_force,
               media_local_today(s.timezone) AS today, s.timezone,
               CASE s.schedule_type
                   WHEN 'time_based' THEN date_trunc('minute', now()) + interval '1 minute'
                   WHEN 'event_based' THEN CASE WHEN s.triggered_until > now()
                                                THEN s.triggered_until END
               END AS turns_at, s AS srow
        FROM rotation_schedules s
        WHERE s.schedule_id = p_schedule AND (p_user IS NULL OR s.user_id = p_user)),
    p AS (
        SELECT sp.photo_ids, sp.shuffle, sp.transition_duration, sp.fallback,
               CASE WHEN sp.timed THEN (s.today + 1)::timestamp AT TIME ZONE s.timezone
               END AS day_ends
        FROM s, media_schedule_photo_ids(s.srow, s.today) sp
        WHERE sp.playlist_found),
    i AS (
        SELECT i.ord, i.photo_id, i.version_id,
               CASE WHEN c.fresh THEN coalesce(c.cached_url, i.storage_url)
                    ELSE i.storage_url END AS url,
               coalesce(c.fresh, false) AS cached, c.cache_id,
               CASE WHEN c.fresh THEN c.expires_at END AS expires_at,
               CASE WHEN c.fresh THEN c.width END AS width,
               CASE WHEN c.fresh THEN c.height END AS height,
               c.cache_id IS NULL OR c.stale AS missing
        FROM s, p, media_schedule_items(s.user_id, p.photo_ids, p_template) i
        LEFT JOIN LATERAL (
            SELECT c.cache_id, c.cached_url, c.expires_at, c.width, c.height,
                   c.cache_status = 'cached' AND c.expires_at > now() AS fresh,
                   c.cache_status = 'expired'
                   OR (c.cache_status = 'cached' AND c.expires_at <= now()) AS stale
            FROM photo_cache c
            WHERE c.user_id = s.user_id AND c.frame_id = s.frame_id
              AND c.photo_id = i.photo_id AND c.version_id IS NOT DISTINCT FROM i.version_id
            ORDER BY fresh DESC, stale, c.cache_status = 'failed', c.created_at DESC
            LIMIT 1) c ON true
        WHERE s.in_force),
    b AS (
        SELECT json_build_object('schedule_id', s.schedule_id, 'frame_id', s.frame_id,
            'playlist_id', s.playlist_id, 'in_force', s.in_force, 'fallback', p.fallback,
            'day', CASE WHEN p.day_ends IS NOT NULL THEN s.today END,
            'rotation_interval', s.rotation_interval, 'shuffle', s.shuffle OR p.shuffle,
            'transition_duration', p.transition_duration,
            'photos', coalesce((SELECT json_agg(json_build_object('photo_id', i.photo_id,
                'version_id', i.version_id, 'url', i.url, 'cached', i.cached,
                'cache_id', i.cache_id, 'width', i.width, 'height', i.height) ORDER BY i.ord) FROM i), '[]')) AS j
        FROM s, p)
    SELECT EXISTS (SELECT 1 FROM s), b.j, md5(b.j::text),
           (SELECT count(*) FROM i WHERE i.missing),
           (SELECT s.user_id FROM s),
           (SELECT coalesce(u.stamp, 0) FROM s LEFT JOIN media_user_stamps u USING (user_id)),
           least(now() + interval '5 minutes', (SELECT s.turns_at FROM s),
                 (SELECT min(i.expires_at) FROM i), (SELECT p.day_ends FROM p))
    INTO schedule_found, manifest, manifest_etag, n_missing, v_user, v_stamp, v_until
    FROM (SELECT 1) one LEFT JOIN b ON true;

    IF manifest IS NULL OR n_missing > 0 THEN
        RETURN;
    END IF;
    BEGIN
        INSERT INTO schedule_manifests AS m (schedule_id, user_id, stamp, valid_until, etag, body)
        VALUES (p_schedule, v_user, v_stamp, v_until, manifest_etag, manifest)
        ON CONFLICT (schedule_id) DO UPDATE SET user_id = excluded.user_id,
            stamp = excluded.stamp, valid_until = excluded.valid_until,
            etag = excluded.etag, body = excluded.body;
    EXCEPTION WHEN foreign_key_violation THEN
        NULL;	-- the schedule was deleted meanwhile: nothing to keep
    END;
END
$$;
