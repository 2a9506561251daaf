-- 002_functions.sql: small SQL functions every function group shares:
-- RFC 3339 rendering, the smart criteria of contract §3.2, JSON shapes.
--
-- The criteria are evaluated by media_criteria_match(), one definition for
-- the metadata query, smart playlist population and the BR-M007 re-check.
-- It is an inlinable SQL function: when a statement passes the criteria as
-- a parameter, PostgreSQL plans it with the value known (unnamed statement,
-- custom plan), folds away the branches of absent keys, and the remaining
-- @> / ?| / >= conditions can use the GIN and B-tree indexes.

-- RFC 3339 UTC, second precision (contract §2).
CREATE FUNCTION media_ts(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;

-- A JSON array of strings as text[], for the ?| operator. Immutable, so a
-- constant argument is evaluated once at plan time.
CREATE FUNCTION media_text_array(a jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ARRAY(SELECT jsonb_array_elements_text(a)) $$;

-- date_range bounds: a bare date covers its whole UTC day (inclusive range).
-- Callers pass only validated values that carry a zone or are bare dates, so
-- the result does not depend on the session time zone: immutable is true.
CREATE FUNCTION media_range_start(s text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN length(s) = 10 THEN s::date::timestamp AT TIME ZONE 'UTC'
               ELSE s::timestamptz END $$;

CREATE FUNCTION media_range_end(s text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN length(s) = 10
               THEN (s::date + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 microsecond'
               ELSE s::timestamptz END $$;

-- landscape | portrait | square from the stored pixel size; NULL if unknown.
CREATE FUNCTION media_orientation(w int, h int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN w > h THEN 'landscape' WHEN h > w THEN 'portrait'
               WHEN w = h THEN 'square' END $$;

-- face_detection holds {"count": n} and/or {"faces": [...]}; absent: none.
CREATE FUNCTION media_has_faces(fd jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE
       WHEN jsonb_typeof(fd -> 'count') = 'number' THEN (fd ->> 'count')::numeric > 0
       WHEN jsonb_typeof(fd -> 'faces') = 'array' THEN jsonb_array_length(fd -> 'faces') > 0
       ELSE false END $$;

-- BR-M006: every present criterion must hold (AND). NULL for a photo that
-- lacks the column a criterion needs: callers treat that as no match.
CREATE FUNCTION media_criteria_match(m photo_metadata, c jsonb) RETURNS boolean
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
$$;

-- A playlist as the API returns it (contract §3.3).
CREATE FUNCTION media_playlist_json(p playlists) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT json_build_object(
    'playlist_id', p.playlist_id, 'user_id', p.user_id,
    'organization_id', p.organization_id, 'name', p.name,
    'description', p.description, 'playlist_type', p.playlist_type,
    'smart_criteria', p.smart_criteria, 'photo_ids', p.photo_ids,
    'photo_count', jsonb_array_length(p.photo_ids), 'shuffle', p.shuffle,
    'loop', p.loop, 'transition_duration', p.transition_duration,
    'created_at', media_ts(p.created_at), 'updated_at', media_ts(p.updated_at))
$$;

-- media.playlist.updated payload (contract §3.3, BR-M007).
CREATE FUNCTION media_playlist_event(p playlists) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT jsonb_build_object('playlist_id', p.playlist_id, 'user_id', p.user_id,
    'photo_count', jsonb_array_length(p.photo_ids), 'playlist_type', p.playlist_type)
$$;
