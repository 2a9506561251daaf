-- 042_renders.sql: what a frame gets is rendered for it (issue 9 §5).
-- Downloads a schedule queues (BR-M008, GET /schedules/{id}/photos,
-- device.registered) are cache_quality 'display': a JPEG fitted to the
-- frame's display profile (sql/041), made by the listener's render pool.
-- An entry records the size of its file (width, height: what the frame
-- gets, shown on the entry and in the manifest) and, for a display
-- render, the profile it was made for (render_spec). When a profile
-- changes, media_frame_rerender (sql/041) queues a job for each display
-- entry; the worker renders it again in place while the old file keeps
-- being served, and media_cache_record sees whether the profile moved on
-- meanwhile.
ALTER TABLE photo_cache
    ADD COLUMN width INT CHECK (width > 0),
    ADD COLUMN height INT CHECK (height > 0),
    ADD COLUMN render_spec TEXT;

-- A lease is a token (issue 10 finding 10): a worker whose lease ran out
-- and was taken again (a slow transfer, a paused process) can no longer
-- record, fail or give back the job; its files are its own (the token is
-- in their names), so it never removes the new holder's file.
ALTER TABLE cache_jobs ADD COLUMN lease_token TEXT;
