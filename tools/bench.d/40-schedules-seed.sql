-- 40-schedules-seed.sql: the data set of the schedules and cache bench,
-- made once per var/bench on top of 00-seed.sql and 30-versions-metadata.sql.
-- 10,000 frames (fr<n>, one per user u<n>); each has a 100-photo manual
-- playlist (the user's photos f<n + 10000k>), a continuous schedule in force
-- and a newer event_based one that is not; every photo has a current version
-- (30's for f0..f99999, an original made here for the others); half of each
-- frame's photos are cached at that version, the other half pending (no
-- queued jobs, so a download worker stays idle during the bench).
\timing on
SET statement_timeout = 0;
BEGIN;
-- No outbox rows and no manifest stamps for the seed (the triggers of sql/functions/30_playlists.sql, 70_schedules.sql, 40_stamps.sql).
ALTER TABLE photo_versions DISABLE TRIGGER USER;
ALTER TABLE photo_cache DISABLE TRIGGER USER;
INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type,
    file_id, file_size, is_current, version_number)
SELECT 'ver_' || lpad(to_hex(268435456 + g), 24, '0'), 'f' || g, 'u' || (g % 10000), 'original',
    'original', 'f' || g, 200000, true, 1
FROM generate_series(100000, 999999) g;	-- 30-versions-metadata.sql has f0..f99999

ALTER TABLE playlists DISABLE TRIGGER USER;
INSERT INTO playlists (playlist_id, name, user_id, playlist_type, photo_ids)
SELECT 'pl_' || lpad(to_hex(1000000 + n), 24, '0'), 'Frame ' || n, 'u' || n, 'manual',
    (SELECT jsonb_agg('f' || (n + 10000 * k) ORDER BY k) FROM generate_series(0, 99) k)
FROM generate_series(0, 9999) n;
ALTER TABLE playlists ENABLE TRIGGER USER;

ALTER TABLE rotation_schedules DISABLE TRIGGER USER;
INSERT INTO rotation_schedules (schedule_id, user_id, frame_id, playlist_id, schedule_type,
    timezone, trigger_event, created_at)
SELECT 'sched_' || lpad(to_hex(n + e * 1000000), 24, '0'), 'u' || n, 'fr' || n,
    'pl_' || lpad(to_hex(1000000 + n), 24, '0'),
    CASE e WHEN 0 THEN 'continuous' ELSE 'event_based' END, 'Europe/Paris',
    CASE e WHEN 1 THEN 'trigger.doorbell.fr' || n END, now() - interval '1 day' + e * interval '1 hour'
FROM generate_series(0, 9999) n, generate_series(0, 1) e;
ALTER TABLE rotation_schedules ENABLE TRIGGER USER;

INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, version_id, cache_status,
    cached_url, local_path, cache_size, cache_quality)
SELECT 'cache_' || lpad(to_hex(n * 100 + k), 24, '0'), 'u' || n, 'fr' || n,
    'f' || (n + 10000 * k), v.version_id,
    CASE WHEN k < 50 THEN 'cached' ELSE 'pending' END,
    CASE WHEN k < 50 THEN :'public_url' || '/cached/u' || n || '/fr' || n || '/cache_'
         || lpad(to_hex(n * 100 + k), 24, '0') || '.jpg' END,
    CASE WHEN k < 50 THEN :'cache_dir' || '/u' || n || '/fr' || n || '/cache_'
         || lpad(to_hex(n * 100 + k), 24, '0') || '.jpg' END,
    CASE WHEN k < 50 THEN 200000 END, 'original'
FROM generate_series(0, 9999) n CROSS JOIN generate_series(0, 99) k
LEFT JOIN photo_versions v ON v.photo_id = 'f' || (n + 10000 * k) AND v.is_current;

ALTER TABLE photo_versions ENABLE TRIGGER USER;
ALTER TABLE photo_cache ENABLE TRIGGER USER;

CREATE TABLE bench_seeded_schedules (seeded_at timestamptz DEFAULT now());
INSERT INTO bench_seeded_schedules DEFAULT VALUES;
COMMIT;
VACUUM ANALYZE photo_versions;
VACUUM ANALYZE playlists;
VACUUM ANALYZE rotation_schedules;
VACUUM ANALYZE photo_cache;
