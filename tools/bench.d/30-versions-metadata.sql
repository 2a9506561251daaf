-- 30-versions-metadata.sql: the data set of the versions and metadata
-- bench (issue 3), added once on top of 00-seed.sql:
--  * 3 versions (original, ai_enhanced, ai_styled; the last current) for
--    each of the photos f0..f99999;
--  * 100 users ub0..ub99 with 100 photos (fb<u>_<k>) and 500 smart
--    playlists each (the BR-M007 path), their photo_ids populated;
--  * user uq0 with 10,000 photos (fq<k>): the query path, 1,010,000 photos
--    in all.
\timing on
SET statement_timeout = 0;
BEGIN;
INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type,
    file_id, cloud_url, file_size, is_current, version_number, created_at, updated_at)
SELECT 'ver_' || lpad(to_hex(g * 3 + k), 24, '0'), 'f' || g, 'u' || (g % 10000),
    (ARRAY['Original', 'Enhanced', 'Styled'])[k + 1],
    (ARRAY['original', 'ai_enhanced', 'ai_styled'])[k + 1],
    CASE WHEN k = 0 THEN 'f' || g ELSE 'f' || g || '_v' || k END,
    'https://storage.example/f' || g || '/' || k || '.jpg', 2000000 + g % 1000000,
    k = 2, k + 1, now() - (3 - k) * interval '1 hour', now() - (3 - k) * interval '1 hour'
FROM generate_series(0, 99999) g, generate_series(0, 2) k;

CREATE TEMP TABLE vocab AS SELECT
    ARRAY['person','dog','cat','tree','sky','car','flower','food','building','mountain',
          'water','sunset','smile','child','bicycle','boat','bird','snow','beach','city'] AS labels,
    ARRAY['beach','mountain','city','forest','indoor','party','garden','lake','snow','desert'] AS scenes,
    ARRAY['Canon','Nikon','Sony','Apple'] AS makes,
    ARRAY['Paris, France','Berlin, Germany','Lisbon, Portugal','Kyoto, Japan'] AS places;

-- Photos of the ub* users (BR-M007) and of uq0 (the query).
INSERT INTO photo_metadata (file_id, user_id, camera_make, width, height, ai_labels,
    ai_objects, ai_scenes, quality_score, photo_taken_at, location_name, face_detection)
SELECT f, u, v.makes[1 + g % 4],
    CASE WHEN g % 3 = 0 THEN 3000 ELSE 4000 END, CASE WHEN g % 3 = 0 THEN 4000 ELSE 3000 END,
    jsonb_build_array(v.labels[1 + g % 20], v.labels[1 + (g * 7) % 20]),
    jsonb_build_array(v.labels[1 + (g * 3) % 20]),
    jsonb_build_array(v.scenes[1 + (g * 11) % 10]),
    round((0.2 + 0.8 * ((g::bigint * 7919) % 1000) / 1000.0)::numeric, 4),
    timestamptz '2026-01-01 00:00:00+00' - ((g * 7) % 1825) * interval '1 day',
    v.places[1 + g % 4],
    CASE WHEN g % 4 = 0 THEN jsonb_build_object('count', 1) END
FROM (SELECT 'fb' || (g / 100) || '_' || (g % 100) AS f, 'ub' || (g / 100) AS u, g
        FROM generate_series(0, 9999) g
      UNION ALL
      SELECT 'fq' || g, 'uq0', g FROM generate_series(0, 9999) g) s, vocab v;

-- 500 smart playlists per ub* user, criteria of every kind.
ALTER TABLE playlists DISABLE TRIGGER USER;	-- no outbox rows for the seed
INSERT INTO playlists (playlist_id, name, user_id, playlist_type, smart_criteria)
SELECT 'pl_b' || lpad(to_hex(g), 23, '0'), 'Smart ' || g, 'ub' || (g / 500), 'smart',
    CASE g % 10
    WHEN 0 THEN jsonb_build_object('ai_labels_contains', jsonb_build_array(v.labels[1 + g % 20]))
    WHEN 1 THEN jsonb_build_object('ai_scenes_contains', jsonb_build_array(v.scenes[1 + g % 10]))
    WHEN 2 THEN jsonb_build_object('ai_labels_any', jsonb_build_array(v.labels[1 + g % 20], v.labels[1 + (g * 3) % 20]))
    WHEN 3 THEN jsonb_build_object('quality_score_min', round((g % 100) / 100.0, 2))
    WHEN 4 THEN jsonb_build_object('exclude_labels', jsonb_build_array(v.labels[1 + g % 20]),
                                   'quality_score_min', 0.5)
    WHEN 5 THEN jsonb_build_object('camera_make', v.makes[1 + g % 4])
    WHEN 6 THEN jsonb_build_object('orientation', (ARRAY['landscape','portrait'])[1 + g % 2],
                                   'has_faces', g % 3 = 0)
    WHEN 7 THEN jsonb_build_object('date_range', jsonb_build_object('start_date', (2021 + g % 5) || '-01-01'))
    WHEN 8 THEN jsonb_build_object('location_contains', split_part(v.places[1 + g % 4], ',', 1))
    ELSE jsonb_build_object('ai_labels_contains', jsonb_build_array(v.labels[1 + g % 20]),
                            'ai_scenes_any', jsonb_build_array(v.scenes[1 + g % 10], v.scenes[1 + (g * 7) % 10]))
    END
FROM generate_series(0, 49999) g, vocab v;
UPDATE playlists p SET photo_ids = coalesce((SELECT jsonb_agg(m.file_id ORDER BY m.file_id)
    FROM photo_metadata m WHERE m.user_id = p.user_id AND media_criteria_match(m, p.smart_criteria, media_local_today(p.timezone))), '[]')
WHERE p.playlist_id LIKE 'pl\_b%';
ALTER TABLE playlists ENABLE TRIGGER USER;

CREATE TABLE bench_seeded_30 (seeded_at timestamptz DEFAULT now());
INSERT INTO bench_seeded_30 DEFAULT VALUES;
COMMIT;
VACUUM ANALYZE photo_versions;
VACUUM ANALYZE photo_metadata;
VACUUM ANALYZE playlists;
