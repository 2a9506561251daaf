-- 043_frame_pair_portraits.sql: a frame's profile says whether its player
-- shows two portrait photos side by side on a landscape screen (issue 12;
-- default true). The player reads it from GET /frames/{frame_id}; no
-- render and no manifest depends on it, so a change bumps no stamp (the
-- frames_stamp_update trigger of sql/041 names its columns).
ALTER TABLE frames ADD COLUMN pair_portraits BOOLEAN NOT NULL DEFAULT true;

-- The old signature goes; the new one is in sql/functions/ (media_frame_put).
DROP FUNCTION IF EXISTS media_frame_put(text, text, text, int, int, text);
