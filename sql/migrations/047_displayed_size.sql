-- 047_displayed_size.sql: since issue 9, metadata width and height are the
-- size as displayed (EXIF orientations 5-8 swap them). Photos the old
-- libjpeg analysis measured (analyzed_at, no format) stored the size as
-- the pixels lie, so a phone's portrait photo read as landscape. Those
-- rows are swapped once here; each gets its media.metadata.updated and
-- the BR-M007 refresh (media_metadata_changed, sql/010), so smart
-- playlists by orientation take them in as if analysed today. Rows a
-- client wrote with PUT /metadata are the client's word and stay. The old
-- path measured JPEGs only, so the swapped rows get format 'jpeg', which
-- also makes the swap happen once.
CREATE TEMP TABLE displayed_size_swapped ON COMMIT DROP AS
SELECT file_id FROM photo_metadata
WHERE exif_orientation BETWEEN 5 AND 8 AND width IS NOT NULL AND height IS NOT NULL
  AND full_metadata ? 'analyzed_at' AND NOT full_metadata ? 'format';

UPDATE photo_metadata m SET width = m.height, height = m.width, updated_at = now(),
    full_metadata = m.full_metadata || '{"format": "jpeg"}'::jsonb
FROM displayed_size_swapped s WHERE m.file_id = s.file_id;

-- media_metadata_changed is the one in force when this runs (sql/010's
-- media_metadata_changed(file_id) on the databases made before 051). A
-- fresh database has no rows to swap and no functions yet (sql/functions
-- come after every migration): the call runs only when there are rows.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM displayed_size_swapped) THEN
        PERFORM count(media_metadata_changed(file_id)) FROM displayed_size_swapped;
    END IF;
END
$$;
