#!/usr/bin/env bash
# migrate-photo-owner.t: sql/migrations/051 keys photos by their owner in
# place. A database made at the schema before it (from git history), with a
# photo of one user and two photo ids of mixed ownership (as the old
# first-writer rule could leave them), keeps every row through the migration; each user's part of a mixed
# id becomes that user's own photo with one current version; afterwards a
# second user can have the same ids.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/migrate.sh"

DB=media_mig_$$
A=ua B=ub
old_db "$DB" "$OLD_SQL_REV" 051
is "$(db_sql "$DB" "SELECT count(*) FROM schema_migrations WHERE version >= '051'")" 0 \
    "setup: a database at the schema before 051"
# P: A's alone. Q: A's original, B's version current (B added a version to
# A's photo). R: A's metadata, B's versions.
db_sql "$DB" "
INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type, file_id,
    is_current, version_number) VALUES
 ('ver_p1', 'P', 'ua', 'o', 'original', 'P', false, 1),
 ('ver_p2', 'P', 'ua', 'e', 'ai_enhanced', 'P_e', true, 2),
 ('ver_q1', 'Q', 'ua', 'o', 'original', 'Q', false, 1),
 ('ver_q2', 'Q', 'ub', 'b', 'user_edited', 'Q_b', true, 2),
 ('ver_r1', 'R', 'ub', 'o', 'original', 'R', true, 1);
INSERT INTO photo_metadata (file_id, user_id, ai_labels) VALUES
 ('P', 'ua', '[\"p\"]'), ('Q', 'ua', '[\"q\"]'), ('R', 'ua', '[\"r\"]');
INSERT INTO analysis_retries (file_id, user_id, image_url) VALUES ('P', 'ua', 'http://x/P');
INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, version_id, cache_status)
 VALUES ('cache_q', 'ub', 'f', 'Q', 'ver_q2', 'pending');
INSERT INTO playlists (playlist_id, name, user_id, playlist_type, photo_ids)
 VALUES ('pl_b', 'b', 'ub', 'manual', '[\"Q\", \"R\"]')" >/dev/null
rows() {
	db_sql "$DB" "SELECT string_agg(t, ' ' ORDER BY t) FROM (
	    SELECT 'v:' || version_id || ':' || user_id || ':' || photo_id || ':' || version_number AS t FROM photo_versions
	    UNION ALL SELECT 'm:' || file_id || ':' || user_id || ':' || ai_labels::text FROM photo_metadata
	    UNION ALL SELECT 'r:' || file_id || ':' || user_id FROM analysis_retries
	    UNION ALL SELECT 'c:' || cache_id || ':' || user_id || ':' || photo_id || ':' || version_id FROM photo_cache
	    UNION ALL SELECT 'p:' || playlist_id || ':' || photo_ids::text FROM playlists) x"
}
before=$(rows)

migrate_db "$DB"
is "$(db_sql "$DB" "SELECT count(*) FROM schema_migrations WHERE version LIKE '051_%'")" 1 "051 is applied"
is "$(rows)" "$before" "every version, metadata row, AI retry, cache entry and playlist is still there, unchanged"
cur() { db_sql "$DB" "SELECT coalesce(string_agg(version_id, ',' ORDER BY version_id), '-') FROM photo_versions
    WHERE user_id = :'v1' AND photo_id = :'v2' AND is_current" "$1" "$2"; }
is "$(cur ua P)" ver_p2 "a photo of one user keeps its current version"
is "$(cur ub Q)" ver_q2 "a mixed id: B's part keeps its current version"
is "$(cur ua Q)" ver_q1 "and A's part, left without one, gets its original as current (BR-M002's rule)"
is "$(cur ub R)" ver_r1 "B's versions of an id whose metadata is A's are B's photo"

# The same ids for another user now, without touching A's rows.
db_sql "$DB" "INSERT INTO photo_metadata (file_id, user_id) VALUES ('P', 'ub')" >/dev/null
is "$(db_sql "$DB" "SELECT count(*) FROM photo_metadata WHERE file_id = 'P'")" 2 \
    "B can have metadata for the file_id P that A has"
db_sql "$DB" "INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type,
    file_id, is_current, version_number) VALUES ('ver_pb', 'P', 'ub', 'o', 'original', 'P', true, 1)" >/dev/null
is "$(cur ub P),$(cur ua P)" "ver_pb,ver_p2" "and an original, current version 1 of its own P; A's stays current"
ok "$(db_sql "$DB" "INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type,
    file_id, is_current, version_number) VALUES ('ver_px', 'P', 'ua', 'x', 'user_edited', 'P', true, 3)" 2>&1 |
    grep -q one_current && echo 1)" "one current version per (user, photo) still holds"
is "$(db_sql "$DB" "SELECT (SELECT count(*) FROM media_metadata_patch('ua', 'P', '{}')) || ','
    || (SELECT count(*) FROM media_metadata_patch('ub', 'nope', '{}'))")" \
    "1,0" "media_metadata_patch takes the user and the file"
db_sql "$DB" "DELETE FROM photo_metadata WHERE user_id = 'ua' AND file_id = 'P'" >/dev/null
is "$(db_sql "$DB" "SELECT count(*) FROM analysis_retries")" 0 "an AI retry still goes with its user's metadata row"
done_testing
