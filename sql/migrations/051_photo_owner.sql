-- 051_photo_owner.sql: a photo is keyed by its owner (issue 10 finding 3).
-- Until now a photo_id / file_id was global and belonged to whoever wrote
-- it first: another user's photo answered 404 where a missing one answered
-- 200 [] or 201 (an existence oracle), and a PUT /metadata for a file_id
-- not yet uploaded made the real owner's upload be dropped (squatting).
-- Now the keys are (user_id, photo_id) and (user_id, file_id): two users
-- may both have photo X, each their own, and another user's photo is
-- exactly a missing one, because every lookup names the user.
--
-- Existing rows stay as they are, every one of them, with their own
-- user_id. A photo id that today has rows of two users (B added a version
-- to A's photo, or A has the metadata and B the versions) becomes two
-- photos, one per user, each with the rows it already had. Version
-- numbers are kept (they stay unique within each user's photo; the next
-- one is the user's highest + 1). A user's part left without a current
-- version (the current one was the other user's) gets one by BR-M002's
-- rule: its original, else its highest version_number.

-- Building the new unique indexes reads the whole tables.
SET LOCAL statement_timeout = 0;

-- Versions: the number and the one-current / one-original rules per
-- (user, photo). The unique index's prefix also serves lookups by user
-- (user.deleted) and by (user, photo), so the single-column indexes go.
ALTER TABLE photo_versions DROP CONSTRAINT photo_versions_photo_id_version_number_key;
ALTER TABLE photo_versions ADD CONSTRAINT photo_versions_user_photo_number_key
    UNIQUE (user_id, photo_id, version_number);
DROP INDEX idx_photo_versions_one_current, idx_photo_versions_one_original,
    idx_photo_versions_photo_id, idx_photo_versions_user_id;
CREATE UNIQUE INDEX idx_photo_versions_one_current ON photo_versions (user_id, photo_id)
    WHERE is_current;
CREATE UNIQUE INDEX idx_photo_versions_one_original ON photo_versions (user_id, photo_id)
    WHERE version_type = 'original';

UPDATE photo_versions v SET is_current = true, updated_at = now()
WHERE v.version_id IN (
    SELECT DISTINCT ON (w.user_id, w.photo_id) w.version_id
    FROM photo_versions w
    WHERE EXISTS (SELECT 1 FROM photo_versions o
        WHERE o.photo_id = w.photo_id AND o.user_id <> w.user_id)
      AND NOT EXISTS (SELECT 1 FROM photo_versions c
        WHERE c.user_id = w.user_id AND c.photo_id = w.photo_id AND c.is_current)
    ORDER BY w.user_id, w.photo_id, w.version_type = 'original' DESC, w.version_number DESC);

-- Metadata and the AI retries that hang on it.
ALTER TABLE analysis_retries DROP CONSTRAINT analysis_retries_file_id_fkey;
ALTER TABLE photo_metadata DROP CONSTRAINT photo_metadata_pkey;
ALTER TABLE photo_metadata ADD PRIMARY KEY (user_id, file_id);
-- A retry is the metadata owner's (the listener queued it for the owner's
-- upload); one naming another user could not have been stored, and would
-- now point at no row: it is given to the row's owner, not dropped.
UPDATE analysis_retries r SET user_id = m.user_id
FROM photo_metadata m WHERE m.file_id = r.file_id AND m.user_id <> r.user_id;
ALTER TABLE analysis_retries DROP CONSTRAINT analysis_retries_pkey;
ALTER TABLE analysis_retries ADD PRIMARY KEY (user_id, file_id);
ALTER TABLE analysis_retries ADD FOREIGN KEY (user_id, file_id)
    REFERENCES photo_metadata (user_id, file_id) ON DELETE CASCADE;

-- With the user in every key, "another user's photo" is simply not found.
-- The smart re-check and the metadata event name the photo by (user, file).
DROP FUNCTION IF EXISTS media_photo_foreign(text, text);
DROP FUNCTION IF EXISTS media_metadata_changed(text);
DROP FUNCTION IF EXISTS media_smart_refresh(text);
