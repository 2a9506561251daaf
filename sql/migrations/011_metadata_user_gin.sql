-- 011_metadata_user_gin.sql: the JSONB arrays indexed per user (contract
-- §3.2: queries use the GIN indexes).
--
-- Every query and smart playlist is one user's. With a GIN index on the
-- array alone, a common label ("dog": 6% of 1,000,000 photos) makes the
-- planner AND a 60,000-entry posting list with the user's rows: ~8 ms. A
-- GIN index on (user_id, array) (btree_gin; a trusted extension) finds the
-- user's matching rows in one index scan: ~1 ms on the bench data set
-- (make bench). A multicolumn GIN index serves a condition on either column
-- alone just as well, so it replaces the array-only indexes of 001, which
-- would otherwise still lure the planner and cost every write.
CREATE EXTENSION IF NOT EXISTS btree_gin;
-- Building them over millions of rows outlasts the role's 10 s limit.
SET LOCAL statement_timeout = 0;

CREATE INDEX idx_photo_metadata_user_labels ON photo_metadata USING GIN (user_id, ai_labels);
CREATE INDEX idx_photo_metadata_user_scenes ON photo_metadata USING GIN (user_id, ai_scenes);
CREATE INDEX idx_photo_metadata_user_objects ON photo_metadata USING GIN (user_id, ai_objects);

DROP INDEX idx_photo_metadata_ai_labels, idx_photo_metadata_ai_scenes,
    idx_photo_metadata_ai_objects;
