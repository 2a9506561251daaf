-- 00-seed.sql: the base data set of `make bench`, made once per var/bench.
-- 10,000 users (u0..u9999), 1,000,000 photos (f0..f999999, 100 a user) with
-- labels, scenes, objects, quality, dates, sizes and faces; 100,000 playlists
-- (pl_ + 24 hex of 0..99999, 10 a user, owner u<n % 10000>): 70% manual,
-- 25% smart, 5% ai_curated, 30 photos each. Deterministic, so Lua scripts
-- can name rows that exist.
\timing on
SET statement_timeout = 0;
BEGIN;
CREATE TEMP TABLE vocab AS SELECT
    ARRAY['person','dog','cat','tree','sky','car','flower','food','building','mountain',
          'water','sunset','smile','child','bicycle','boat','bird','snow','beach','city',
          'night','portrait','landscape','cake','party','garden','forest','river','bridge','road',
          'horse','coffee','book','phone','window','door','street','market','museum','train',
          'plane','lake','cloud','rain','sand','rock','field','farm','church','castle'] AS labels,
    ARRAY['beach','mountain','city','forest','indoor','party','garden','lake','snow','desert',
          'street','restaurant','museum','park','home'] AS scenes,
    ARRAY['Canon','Nikon','Sony','Apple','Fujifilm','Google','Samsung'] AS makes,
    ARRAY['Paris, France','Berlin, Germany','Lisbon, Portugal','Kyoto, Japan','Austin, USA',
          'Cape Town, South Africa','Oslo, Norway','Lima, Peru'] AS places;

INSERT INTO photo_metadata (file_id, user_id, camera_make, camera_model, width, height,
    ai_labels, ai_objects, ai_scenes, quality_score, blur_score, brightness, contrast,
    photo_taken_at, location_name, face_detection)
SELECT 'f' || g, 'u' || (g % 10000),
    v.makes[1 + g % 7], 'Model ' || (g % 13),
    CASE WHEN g % 3 = 0 THEN 3000 ELSE 4000 END, CASE WHEN g % 3 = 0 THEN 4000 ELSE 3000 END,
    jsonb_build_array(v.labels[1 + g % 50], v.labels[1 + (g * 7) % 50], v.labels[1 + (g * 13) % 50]),
    jsonb_build_array(v.labels[1 + (g * 3) % 50]),
    jsonb_build_array(v.scenes[1 + (g * 11) % 15]),
    round((0.2 + 0.8 * ((g::bigint * 7919) % 1000) / 1000.0)::numeric, 4),
    round((((g::bigint * 104729) % 1000) / 1000.0)::numeric, 4),
    round((((g * 31) % 1000) / 1000.0)::numeric, 4),
    round((((g * 17) % 1000) / 1000.0)::numeric, 4),
    timestamptz '2026-01-01 00:00:00+00' - ((g * 7) % 1825) * interval '1 day' - (g % 86400) * interval '1 second',
    v.places[1 + g % 8],
    CASE WHEN g % 4 = 0 THEN jsonb_build_object('count', 1 + g % 3) END
FROM generate_series(0, 999999) g, vocab v;

ALTER TABLE playlists DISABLE TRIGGER USER;	-- no 100,000 outbox rows for the seed
INSERT INTO playlists (playlist_id, name, description, user_id, playlist_type, smart_criteria,
    photo_ids, shuffle, loop, transition_duration)
SELECT 'pl_' || lpad(to_hex(g), 24, '0'), 'Playlist ' || g, 'seeded for make bench',
    'u' || (g % 10000),
    CASE WHEN g % 20 < 14 THEN 'manual' WHEN g % 20 < 19 THEN 'smart' ELSE 'ai_curated' END,
    CASE WHEN g % 20 < 14 THEN NULL
         WHEN g % 20 < 19 THEN jsonb_build_object('ai_scenes_contains', jsonb_build_array(v.scenes[1 + g % 15]))
         ELSE jsonb_build_object('max_photos', 30) END,
    (SELECT jsonb_agg('f' || ((g % 10000) + 10000 * k)) FROM generate_series(0, 29) k),
    g % 2 = 0, true, 5
FROM generate_series(0, 99999) g, vocab v;
ALTER TABLE playlists ENABLE TRIGGER USER;

CREATE TABLE bench_seeded (seeded_at timestamptz DEFAULT now());
INSERT INTO bench_seeded DEFAULT VALUES;
COMMIT;
VACUUM ANALYZE photo_metadata;
VACUUM ANALYZE playlists;
