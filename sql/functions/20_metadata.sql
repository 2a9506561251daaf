-- 20_metadata.sql: versions and metadata (contract §3.1, §3.2): their JSON
-- and event payloads, the smart criteria, and what follows a change of a
-- photo's metadata (the event and the BR-M007 re-check).

-- media.version.created / media.version.deleted payload (design.md).
CREATE OR REPLACE FUNCTION media_version_event(v photo_versions) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT jsonb_build_object('photo_id', v.photo_id, 'version_id', v.version_id,
    'version_type', v.version_type, 'version_number', v.version_number,
    'user_id', v.user_id, 'file_id', v.file_id)
$$;

-- media.metadata.updated payload (design.md).
CREATE OR REPLACE FUNCTION media_metadata_event(m photo_metadata) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT jsonb_build_object('file_id', m.file_id, 'user_id', m.user_id,
    'ai_labels', m.ai_labels, 'quality_score', m.quality_score)
$$;

-- The criteria are evaluated by media_criteria_match(), one definition for
-- the metadata query, smart playlist population and the BR-M007 re-check.
-- It is an inlinable SQL function: when a statement passes the criteria as
-- a parameter, PostgreSQL plans it with the value known (unnamed statement,
-- custom plan), folds away the branches of absent keys, and the remaining
-- @> / ?| / >= conditions can use the GIN and B-tree indexes.
--
-- BR-M006 on day d: every present criterion must hold (AND). NULL for a
-- photo that lacks the column a criterion needs: callers treat that as no
-- match. d is "today" in the zone of whoever asks; immutable in (m, c, d).
--   on_this_day: the photo's month-day is one of the window's (Feb 29 on
--     Feb 28 in years without one), in an earlier year: taken before the
--     window starts.
--   years_ago N: the photo's day plus N years (Feb 29 + N years is Feb 28
--     when that year has none) falls in the window.
--   taken_within_days N: the photo's day is one of the N days ending d.
CREATE OR REPLACE FUNCTION media_criteria_match(m photo_metadata, c jsonb, d date) RETURNS boolean
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
CREATE OR REPLACE FUNCTION media_smart_photos(u text, c jsonb, d date) RETURNS jsonb
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

-- BR-M007 in one statement: every smart playlist of user u whose
-- membership of u's photo f changes gets it added (the criteria now hold;
-- appended at the end) or removed (they no longer hold). Unchanged
-- playlists are not touched, so only changed ones get media.playlist.updated
-- (the trigger of 30_playlists.sql writes it with the new photo_count). The
-- playlists are found through idx_playlists_user_smart, the photo through
-- its primary key. Returns how many playlists changed. Call it in the
-- transaction that changed the metadata, after the change (a later
-- statement sees it).
CREATE OR REPLACE FUNCTION media_smart_refresh(u text, f text) RETURNS integer
LANGUAGE sql VOLATILE AS $$
WITH changed AS (
    UPDATE playlists p
    SET photo_ids = CASE WHEN p.photo_ids ? m.file_id THEN p.photo_ids - m.file_id
                         ELSE p.photo_ids || jsonb_build_array(m.file_id) END,
        updated_at = now()
    FROM photo_metadata m
    WHERE m.user_id = u AND m.file_id = f
      AND p.user_id = m.user_id AND p.playlist_type = 'smart'
      AND coalesce(media_criteria_match(m, p.smart_criteria, media_local_today(p.timezone)),
                   false)
          <> (p.photo_ids ? m.file_id)
    RETURNING 1)
SELECT count(*)::integer FROM changed
$$;

-- What follows every create or update of user u's metadata of photo f
-- (the API and the listener): media.metadata.updated, then the BR-M007
-- re-check, in the caller's transaction. The number of smart playlists
-- that changed, or NULL when u has no metadata row f.
CREATE OR REPLACE FUNCTION media_metadata_changed(u text, f text) RETURNS integer
LANGUAGE sql VOLATILE AS $$
INSERT INTO outbox (event_type, aggregate_id, payload)
SELECT 'media.metadata.updated', m.file_id, media_metadata_event(m)
FROM photo_metadata m WHERE m.user_id = u AND m.file_id = f;

SELECT CASE WHEN EXISTS (SELECT 1 FROM photo_metadata WHERE user_id = u AND file_id = f)
            THEN media_smart_refresh(u, f) END;
$$;
