-- 010_versions_metadata.sql: JSON shapes and events of versions and
-- metadata (contract §3.1, §3.2), photo ownership, and the BR-M007 re-check
-- of a user's smart playlists after a photo's metadata changed.

-- BR-M002 speaks of "the original": one per photo. A second one is a 409,
-- and the listener's file.uploaded can insert it ON CONFLICT DO NOTHING.
CREATE UNIQUE INDEX idx_photo_versions_one_original ON photo_versions (photo_id)
    WHERE version_type = 'original';
