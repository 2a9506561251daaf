-- 021_cache.sql: the per-frame photo cache (contract §3.5): its JSON, the
-- one rule that creates entries and queues their downloads (used by POST
-- /cache, by schedules, and by the listener), and a schedule's photos.

-- At most one live entry (being fetched or on disk) per frame, photo and
-- version, even when two polls race to create it. Failed and expired rows
-- are history and are replaced by a new entry (BR-M009).
CREATE UNIQUE INDEX idx_photo_cache_live ON photo_cache
    (frame_id, photo_id, coalesce(version_id, ''), user_id)
    WHERE cache_status IN ('pending', 'downloading', 'cached');
-- A frame's entries (list, evict) and its entry for a photo (a schedule's
-- photos: one probe per photo, not a scan of the frame's entries).
CREATE INDEX idx_photo_cache_user_frame ON photo_cache (user_id, frame_id, photo_id);
