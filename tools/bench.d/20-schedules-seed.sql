-- 20-schedules-seed.sql: the data set of the schedules and cache bench,
-- made once per var/bench on top of 00-seed.sql. 10,000 frames (fr<n>, one
-- per user u<n>); each has a 100-photo manual playlist (the user's photos
-- f<n + 10000k>), a continuous schedule in force and a newer event_based
-- one that is not; every photo has a current original version; half of each
-- frame's photos are cached, the other half pending (no queued jobs, so a
-- download worker stays idle during the bench).
\timing on
SET statement_timeout = 0;
BEGIN;
-- No outbox rows and no manifest stamps for the seed (sql/003, 020, 022).
ALTER TABLE photo_versions DISABLE TRIGGER USER;
ALTER TABLE photo_cache DISABLE TRIGGER USER;
INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type,
    file_id, file_size, is_current, version_number)
SELECT 'ver_' || lpad(to_hex(g), 24, '0'), 'f' || g, 'u' || (g % 10000), 'original',
    'original', 'f' || g, 200000, true, 1
FROM generate_series(0, 999999) g;

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
    CASE e WHEN 1 THEN 'doorbell.fr' || n END, now() - interval '1 day' + e * interval '1 hour'
FROM generate_series(0, 9999) n, generate_series(0, 1) e;
ALTER TABLE rotation_schedules ENABLE TRIGGER USER;

INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, version_id, cache_status,
    cached_url, local_path, cache_size, cache_quality)
SELECT 'cache_' || lpad(to_hex(n * 100 + k), 24, '0'), 'u' || n, 'fr' || n,
    'f' || (n + 10000 * k), 'ver_' || lpad(to_hex(n + 10000 * k), 24, '0'),
    CASE WHEN k < 50 THEN 'cached' ELSE 'pending' END,
    CASE WHEN k < 50 THEN :'public_url' || '/cached/u' || n || '/fr' || n || '/cache_'
         || lpad(to_hex(n * 100 + k), 24, '0') || '.jpg' END,
    CASE WHEN k < 50 THEN :'cache_dir' || '/u' || n || '/fr' || n || '/cache_'
         || lpad(to_hex(n * 100 + k), 24, '0') || '.jpg' END,
    CASE WHEN k < 50 THEN 200000 END, 'original'
FROM generate_series(0, 9999) n, generate_series(0, 99) k;

ALTER TABLE photo_versions ENABLE TRIGGER USER;
ALTER TABLE photo_cache ENABLE TRIGGER USER;

CREATE TABLE bench_seeded_schedules (seeded_at timestamptz DEFAULT now());
INSERT INTO bench_seeded_schedules DEFAULT VALUES;
COMMIT;
VACUUM ANALYZE photo_versions;
VACUUM ANALYZE playlists;
VACUUM ANALYZE rotation_schedules;
VACUUM ANALYZE photo_cache;
