-- 20_metadata.sql: metadata (contract §3.2): the smart criteria, the one
-- metadata patch and the BR-M007 re-check that follows it. The events of
-- versions and metadata are written by the triggers of 80_outbox.sql.

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

-- "Best first", the one photo order (contract §3.2): quality_score DESC
-- NULLS LAST, then photo_taken_at DESC, then file_id. It is the order of
-- the index idx_photo_metadata_user_quality (001_schema.sql), so a page
-- of one user's photos is read from the index in order, without a sort.
-- Everything that orders photos by quality takes it from here: POST
-- /metadata/query (functions/metadata/query.c), a smart playlist's photos
-- (media_smart_photos), the ai_curated pick (media_curated_photos,
-- 30_playlists.sql) and the BR-M007 re-check (media_smart_refresh).
--
-- The ids of user u's photos (u NULL: every user's, for X-Internal-Call)
-- matching criteria c on day d, best first: at most n (NULL: all) after
-- the first skip. EXECUTE ... USING plans the statement with the values
-- known, so media_criteria_match() folds to the criteria present and
-- their GIN and B-tree indexes (a static statement would keep a generic
-- plan that scans every photo of the user). on_this_day / years_ago
-- (issue 13): the matches are found first (OFFSET 0 is a fence) through
-- the month-day index, a few hundred rows a day even among 100,000
-- photos, and then sorted; without the fence the planner walks the
-- quality index in this order and tests the month-day of each photo until
-- it has a page: ~2x slower.
CREATE OR REPLACE FUNCTION media_best_first(u text, c jsonb, d date,
    n bigint DEFAULT NULL, skip bigint DEFAULT 0) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
    matches text := 'SELECT m.file_id, m.quality_score, m.photo_taken_at FROM photo_metadata m'
        || ' WHERE ($1::text IS NULL OR m.user_id = $1) AND media_criteria_match(m, $2, $3)';
    ids text[];
BEGIN
    IF c ? 'on_this_day' OR c ? 'years_ago' THEN
        matches := matches || ' OFFSET 0';
    END IF;
    EXECUTE 'SELECT ARRAY(SELECT b.file_id FROM (' || matches || ') b'
         || ' ORDER BY b.quality_score DESC NULLS LAST, b.photo_taken_at DESC, b.file_id'
         || ' LIMIT $4 OFFSET $5)'
    INTO ids USING u, c, d, n, skip;
    RETURN ids;
END
$$;

-- The photos of a smart playlist of user u with criteria c on day d, best
-- first (above).
CREATE OR REPLACE FUNCTION media_smart_photos(u text, c jsonb, d date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
SELECT to_jsonb(media_best_first(u, c, d))
$$;

-- BR-M007 in one statement: every smart playlist of user u whose
-- membership of u's photo f changes gets it added (the criteria now hold;
-- appended at the end, not at its best-first place: that place needs the
-- quality of every member, a read per member for each of the user's smart
-- playlists on every metadata write; the playlist is in best-first order
-- again when next populated) or removed (they no longer hold). Unchanged
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

-- The one metadata patch (contract §3.2) of user u's photo f: PUT
-- /metadata (functions/metadata/put.c) and the listener's analysis
-- (functions/listener/store.c). p is a JSON object of column values: a
-- column present in p takes its value (null clears it), an absent one
-- keeps the row's (jsonb_populate_record over the row). The columns a
-- patch may set are the list below, the one list besides the table's.
-- full_metadata is merged, not replaced: p's keys are added to the row's,
-- replacing those of the same name, and none is removed. The API and the
-- analysis share that object (analyzed_at, which tells a redelivered
-- file.uploaded that the photo is analysed; ai_pending; analysis_error;
-- format; a client's own keys): neither may wipe the other's.
-- The update writes media.metadata.updated (80_outbox.sql); then comes the
-- BR-M007 re-check of u's smart playlists for f, in the caller's
-- transaction. The row must exist (the caller made it: the PUT, or
-- file.uploaded); no row: nothing is done and no row comes back.
CREATE OR REPLACE FUNCTION media_metadata_patch(u text, f text, p jsonb)
RETURNS SETOF photo_metadata
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    m photo_metadata;
BEGIN
    UPDATE photo_metadata t SET (organization_id, camera_make, camera_model, lens_model,
        focal_length, aperture, shutter_speed, iso, flash_used, width, height,
        exif_orientation, latitude, longitude, location_name, photo_taken_at,
        ai_labels, ai_objects, ai_scenes, ai_colors, face_detection, text_detection,
        quality_score, blur_score, brightness, contrast, full_metadata, updated_at) =
        (SELECT r.organization_id, r.camera_make, r.camera_model, r.lens_model,
            r.focal_length, r.aperture, r.shutter_speed, r.iso, r.flash_used, r.width, r.height,
            r.exif_orientation, r.latitude, r.longitude, r.location_name, r.photo_taken_at,
            r.ai_labels, r.ai_objects, r.ai_scenes, r.ai_colors, r.face_detection, r.text_detection,
            r.quality_score, r.blur_score, r.brightness, r.contrast,
            t.full_metadata || coalesce(p -> 'full_metadata', '{}'), now()
         FROM jsonb_populate_record(t, p) r)
    WHERE t.user_id = u AND t.file_id = f
    RETURNING t.* INTO m;
    IF FOUND THEN
        PERFORM media_smart_refresh(u, f);
        RETURN NEXT m;
    END IF;
END
$$;
