-- 70-memories.sql: the data set of the memories bench (issue 13), added
-- once on top of 00-seed.sql:
--  * user um0 with 100,000 photos (fm<k>), one every 2 hours back from
--    2026-12-01 (about 23 years: ~270 a calendar day), and one smart
--    playlist pl_ee…0 with {"on_this_day": true};
--  * 10,000 more on_this_day playlists (pl_ee…1 … pl_ee…10000) of the
--    seeded users u0..u9999 (100 photos each), all in zone Asia/Tokyo:
--    the day change row.
\timing on
SET statement_timeout = 0;
BEGIN;
-- No stamp bump per row, no 10,000 outbox rows: a seed, not a workload.
ALTER TABLE photo_metadata DISABLE TRIGGER USER;
ALTER TABLE playlists DISABLE TRIGGER USER;
INSERT INTO photo_metadata (file_id, user_id, ai_labels, quality_score, photo_taken_at)
SELECT 'fm' || g, 'um0', jsonb_build_array('l' || g % 20),
    round((0.2 + 0.8 * ((g::bigint * 7919) % 1000) / 1000.0)::numeric, 4),
    timestamptz '2026-12-01 00:00:00+00' - g * interval '2 hours'
FROM generate_series(0, 99999) g;

INSERT INTO playlists (playlist_id, name, user_id, playlist_type, smart_criteria, timezone, photo_ids)
SELECT 'pl_ee' || lpad(to_hex(g), 22, '0'), 'Memories ' || g,
       CASE WHEN g = 0 THEN 'um0' ELSE 'u' || (g - 1) END, 'smart',
       '{"on_this_day": true}', CASE WHEN g = 0 THEN 'UTC' ELSE 'Asia/Tokyo' END,
       '[]'
FROM generate_series(0, 10000) g;
UPDATE playlists SET photo_ids = media_smart_photos(user_id, smart_criteria, media_local_today(timezone))
WHERE playlist_id = 'pl_ee' || lpad('0', 22, '0');
ALTER TABLE photo_metadata ENABLE TRIGGER USER;
ALTER TABLE playlists ENABLE TRIGGER USER;
COMMIT;
ANALYZE photo_metadata;
ANALYZE playlists;
CREATE TABLE bench_seeded_70 ();
