#!/usr/bin/env bash
# migrate-upgrade.t: a database made by the single-layout sql/ (the
# revision before sql/migrations + sql/functions, from git history) and
# filled with rows in every table is upgraded in place by today's
# tools/migrate.sh: no row is lost or changed, schema_migrations stays as
# it was, the schema equals a fresh database's (functions with their
# bodies, triggers, views, tables, indexes, constraints), the functions
# answer on the old rows as before, and a second run changes nothing.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/migrate.sh"

DB=media_upg_$$
FRESH=media_upg_fresh_$$
old_db "$DB" "$OLD_SQL_REV"
q() { db_sql "$DB" "$@"; }
is "$(q "SELECT count(*) FROM schema_migrations")" 25 "setup: the old layout's 25 migrations applied"

# Rows as the service makes them: through the functions where it uses
# them (frames, cache entries and their jobs, a stored manifest, the day
# change), so the triggers write outbox rows, stamps and counters.
q "
SELECT count(*) FROM media_frame_put('ua', 'living', 'Living room', 1280, 800, 'cover');
SELECT count(*) FROM media_frame_put('ua', 'kitchen', NULL, 1024, 768, NULL, false);
INSERT INTO photo_metadata (user_id, file_id, camera_make, width, height, exif_orientation,
    latitude, longitude, location_name, photo_taken_at, ai_labels, ai_scenes, ai_objects,
    face_detection, quality_score, blur_score, full_metadata) VALUES
 ('ua', 'p1', 'Canon', 4000, 3000, 1, 48.85, 2.35, 'Paris', '2020-06-01T10:00:00Z',
  '[\"dog\", \"beach\"]', '[\"outdoor\"]', '[\"ball\"]', '{\"count\": 1}', 0.9, 0.1,
  '{\"format\": \"jpeg\"}'),
 ('ua', 'p2', 'Nikon', 3000, 4000, 6, NULL, NULL, NULL, '2019-12-24T18:00:00Z',
  '[\"cat\"]', '[]', '[]', NULL, 0.4, NULL, '{}'),
 ('ub', 'p1', NULL, 800, 800, NULL, NULL, NULL, NULL, NULL, '[\"dog\"]', '[]', '[]', NULL,
  NULL, NULL, '{}');
SELECT media_metadata_changed(user_id, file_id) FROM photo_metadata;
INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type, file_id,
    cloud_url, file_size, processing_params, is_current, version_number) VALUES
 ('ver_a1', 'p1', 'ua', 'Original', 'original', 'p1', NULL, 1000, '{}', false, 1),
 ('ver_a2', 'p1', 'ua', 'Enhanced', 'ai_enhanced', 'p1_e', 'http://cdn/p1_e', 2000,
  '{\"strength\": 2}', true, 2),
 ('ver_a3', 'p2', 'ua', 'Original', 'original', 'p2', NULL, 3000, '{}', true, 1),
 ('ver_b1', 'p1', 'ub', 'Original', 'original', 'p1', NULL, 10, '{}', true, 1);
INSERT INTO playlists (playlist_id, name, description, user_id, playlist_type, smart_criteria,
    photo_ids, shuffle, loop, transition_duration, timezone) VALUES
 ('pl_manual', 'Manual', 'by hand', 'ua', 'manual', NULL, '[\"p2\", \"p1\", \"p2\"]',
  false, true, 5, 'UTC'),
 ('pl_smart', 'Dogs', NULL, 'ua', 'smart', '{\"ai_labels_contains\": [\"dog\"]}',
  media_smart_photos('ua', '{\"ai_labels_contains\": [\"dog\"]}', current_date), true, true, 8, 'UTC'),
 ('pl_timed', 'On this day', NULL, 'ua', 'smart', '{\"on_this_day\": true}', '[]',
  false, false, 10, 'Asia/Tokyo'),
 ('pl_ai', 'Curated', NULL, 'ua', 'ai_curated', NULL, '[\"p1\"]', false, true, 3, 'UTC'),
 ('pl_b', 'B', NULL, 'ub', 'manual', NULL, '[\"p1\"]', false, true, 5, 'UTC');
UPDATE playlists SET name = 'Dogs!' WHERE playlist_id = 'pl_smart';
SELECT count(*) FROM media_day_changes(NULL, NULL);
INSERT INTO rotation_schedules (schedule_id, user_id, frame_id, playlist_id, schedule_type,
    start_time, end_time, days_of_week, timezone, rotation_interval, shuffle, is_active,
    trigger_event, active_minutes, triggered_until, fallback_playlist_id) VALUES
 ('sch_cont', 'ua', 'living', 'pl_manual', 'continuous', NULL, NULL, '[]', 'UTC', 10,
  false, true, NULL, NULL, NULL, NULL),
 ('sch_time', 'ua', 'kitchen', 'pl_ai', 'time_based', '00:00', '00:00',
  '[0, 1, 2, 3, 4, 5, 6]', 'Europe/Paris', 30, true, true, NULL, NULL, NULL, 'pl_manual'),
 ('sch_event', 'ua', 'hall', 'pl_timed', 'event_based', NULL, NULL, '[]', 'UTC', 5, false,
  true, 'doorbell', 10, '2099-01-01T00:00:00Z', 'pl_smart'),
 ('sch_off', 'ub', 'attic', 'pl_b', 'continuous', NULL, NULL, '[]', 'UTC', 10, false, false,
  NULL, NULL, NULL, NULL);
SELECT count(*) FROM media_schedule_queue('sch_cont', 10, false);
SELECT count(*) FROM media_schedule_queue('sch_time', 10, false);
SELECT count(*) FROM media_cache_ensure('ub', 'attic', ARRAY['p1'], ARRAY['ver_b1'], 'thumbnail',
    'webp', 0, false);
UPDATE photo_cache SET cache_status = 'cached', cached_url = 'http://cache/' || cache_id,
    local_path = '/var/cache/' || cache_id, cache_size = 12345, width = 1024, height = 768,
    render_spec = '1024x768 contain', hit_count = 3, last_accessed_at = '2026-01-02T03:04:05Z',
    expires_at = '2099-01-01T00:00:00Z'
WHERE frame_id = 'kitchen';
DELETE FROM cache_jobs j USING photo_cache c WHERE c.cache_id = j.cache_id AND c.frame_id = 'kitchen';
UPDATE photo_cache SET cache_status = 'failed', error_message = 'HTTP 503', retry_count = 3
WHERE frame_id = 'living' AND photo_id = 'p1';
UPDATE cache_jobs SET attempts = 1, locked_until = now() + interval '1 hour', lease_token = 'tok1'
WHERE cache_id IN (SELECT cache_id FROM photo_cache WHERE frame_id = 'attic');
SELECT n_missing FROM media_schedule_manifest('sch_time', 'ua', 'http://s/{user_id}/{file_id}');
INSERT INTO analysis_retries (user_id, file_id, image_url, attempts, run_after)
VALUES ('ua', 'p2', 'http://s/ua/p2', 2, '2026-01-01T00:00:00Z');
INSERT INTO inbox_failures (stream_seq, subject, attempts, last_error)
VALUES (42, 'media.file.uploaded', 3, 'bad image');
INSERT INTO erased_users (user_id, erased_at) VALUES ('ugone', '2026-01-01T00:00:00Z');
UPDATE outbox SET published_at = now() WHERE id IN (SELECT min(id) FROM outbox);
UPDATE outbox SET leased_until = now() + interval '1 minute'
WHERE id IN (SELECT max(id) FROM outbox)" >/dev/null

tables=$(q "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
# Every row of every table, as text, sorted; and what the functions answer.
rows() {
	local t
	for t in $tables; do
		# A stored manifest of a time_based schedule is good until the next
		# minute: answers() may store it again, same but for valid_until.
		[ "$t" = schema_migrations ] ||
		    q "SELECT '$t ' || (to_jsonb(x) - 'valid_until')::text FROM $t x ORDER BY 1"
	done
}
answers() {
	q "SELECT media_playlist_photos(p, date '2026-06-01')::text FROM playlists p ORDER BY playlist_id;
	   SELECT media_schedule_in_force(s, timestamptz '2026-06-01 12:00Z') FROM rotation_schedules s
	    ORDER BY schedule_id;
	   SELECT media_cache_status(c) FROM photo_cache c ORDER BY cache_id;
	   SELECT m::text FROM media_schedule_manifest('sch_time', 'ua', 'http://s/{user_id}/{file_id}') m"
}
empty=$(for t in $tables; do [ "$(q "SELECT count(*) FROM $t")" = 0 ] && echo "$t"; done)
# media_user_stamp_pending's rows live inside their transaction only.
is "$(echo $empty)" "media_user_stamp_pending" "setup: rows in every table but media_user_stamp_pending"
is "$(q "SELECT count(*) FROM schedule_manifests")" 1 "setup: a stored manifest"
before=$(rows)
migrations=$(q "SELECT version || ' ' || applied_at FROM schema_migrations ORDER BY 1")
answered=$(answers)

MEDIA_PG_DB=$DB "$MEDIA_ROOT/tools/migrate.sh" 2>"$TAP_TMP/run1"
ok "$([ $? = 0 ] && echo 1)" "today's migrate.sh upgrades it"
# The migrations added since that commit, and those only, are applied.
added=$(for f in "$MEDIA_ROOT"/sql/migrations/[0-9][0-9][0-9]_*.sql; do v=$(basename "$f" .sql)
	grep -q "^$v " <<<"$migrations" || echo "$v"; done)
is "$(sed -n 's/^migrate: applying \([0-9]\)/\1/p' "$TAP_TMP/run1")" "$added" \
    "the migrations added since (and only those) are applied"
after=$(rows)
is "$(diff <(echo "$before") <(echo "$after") | head -20)" "" "every row of every table is still there, unchanged"
is "$(q "SELECT version || ' ' || applied_at FROM schema_migrations ORDER BY 1" | head -n "$(wc -l <<<"$migrations")")" \
    "$migrations" "schema_migrations keeps every row it had"
is "$(answers)" "$answered" "the functions answer on the old rows as before (the stored manifest too)"

MIGRATE_DBS+=("$FRESH")
migrate_db "$FRESH"
is "$(diff <(catalog "$FRESH") <(catalog "$DB"))" "" \
    "its schema is a fresh database's: tables, indexes, constraints, functions, triggers, views"

cat_before=$(catalog "$DB")
stamp=$(q "SELECT checksum || ' ' || applied_at FROM schema_functions")
MEDIA_PG_DB=$DB "$MEDIA_ROOT/tools/migrate.sh" 2>"$TAP_TMP/run2"
is "$(cat "$TAP_TMP/run2")" "" "a second run has nothing to do"
is "$(rows)" "$before" "a second run changes no row"
is "$(catalog "$DB")" "$cat_before" "nor the schema"
is "$(q "SELECT checksum || ' ' || applied_at FROM schema_functions")" "$stamp" \
    "nor re-applies sql/functions"
done_testing
