-- 010_versions_metadata.sql: JSON shapes and events of versions and
-- metadata (contract §3.1, §3.2), photo ownership, and the BR-M007 re-check
-- of a user's smart playlists after a photo's metadata changed.

-- BR-M002 speaks of "the original": one per photo. A second one is a 409,
-- and the listener's file.uploaded can insert it ON CONFLICT DO NOTHING.
CREATE UNIQUE INDEX idx_photo_versions_one_original ON photo_versions (photo_id)
    WHERE version_type = 'original';

-- A version as the API returns it: every column, timestamps in RFC 3339.
CREATE FUNCTION media_version_json(v photo_versions) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT to_jsonb(v) || jsonb_build_object('created_at', media_ts(v.created_at),
    'updated_at', media_ts(v.updated_at))
$$;

-- media.version.created / media.version.deleted payload (design.md).
CREATE FUNCTION media_version_event(v photo_versions) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT jsonb_build_object('photo_id', v.photo_id, 'version_id', v.version_id,
    'version_type', v.version_type, 'version_number', v.version_number,
    'user_id', v.user_id, 'file_id', v.file_id)
$$;

-- A metadata row as the API returns it: every column, timestamps in RFC 3339.
CREATE FUNCTION media_metadata_json(m photo_metadata) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT to_jsonb(m) || jsonb_build_object('photo_taken_at', media_ts(m.photo_taken_at),
    'created_at', media_ts(m.created_at), 'updated_at', media_ts(m.updated_at))
$$;

-- media.metadata.updated payload (design.md).
CREATE FUNCTION media_metadata_event(m photo_metadata) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT jsonb_build_object('file_id', m.file_id, 'user_id', m.user_id,
    'ai_labels', m.ai_labels, 'quality_score', m.quality_score)
$$;

-- Does photo p belong to someone other than user u? A photo is owned by
-- whoever has its metadata row or its versions; another user's photo must
-- look absent (404), and its versions must not be renumbered or switched.
-- u NULL (internal call): nobody is "another user".
CREATE FUNCTION media_photo_foreign(p text, u text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT u IS NOT NULL
   AND (EXISTS (SELECT 1 FROM photo_versions WHERE photo_id = p AND user_id <> u)
        OR EXISTS (SELECT 1 FROM photo_metadata WHERE file_id = p AND user_id <> u))
$$;

-- BR-M007 in one statement: every smart playlist of the photo's owner
-- whose membership of photo f changes gets it added (the criteria now
-- hold; appended at the end) or removed (they no longer hold). Unchanged
-- playlists are not touched, so only changed ones get media.playlist.updated
-- (the trigger of 003 writes it with the new photo_count). The playlists are
-- found through idx_playlists_user_smart, the photo through its primary key.
-- Returns how many playlists changed. Call it in the transaction that
-- changed the metadata, after the change (a later statement sees it).
CREATE FUNCTION media_smart_refresh(f text) RETURNS integer
LANGUAGE sql VOLATILE AS $$
WITH changed AS (
    UPDATE playlists p
    SET photo_ids = CASE WHEN p.photo_ids ? m.file_id THEN p.photo_ids - m.file_id
                         ELSE p.photo_ids || jsonb_build_array(m.file_id) END,
        updated_at = now()
    FROM photo_metadata m
    WHERE m.file_id = f
      AND p.user_id = m.user_id AND p.playlist_type = 'smart'
      AND coalesce(media_criteria_match(m, p.smart_criteria), false)
          <> (p.photo_ids ? m.file_id)
    RETURNING 1)
SELECT count(*)::integer FROM changed
$$;

-- What follows every create or update of a photo's metadata (contract
-- §3.2, by the API and by the listener after an analysis): the
-- media.metadata.updated event, then the BR-M007 re-check, in the caller's
-- transaction. Returns the number of smart playlists that changed, or NULL
-- when there is no metadata row f.
CREATE FUNCTION media_metadata_changed(f text) RETURNS integer
LANGUAGE sql VOLATILE AS $$
INSERT INTO outbox (event_type, aggregate_id, payload)
SELECT 'media.metadata.updated', m.file_id, media_metadata_event(m)
FROM photo_metadata m WHERE m.file_id = f;

SELECT CASE WHEN EXISTS (SELECT 1 FROM photo_metadata WHERE file_id = f)
            THEN media_smart_refresh(f) END;
$$;
