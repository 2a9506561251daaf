#!/usr/bin/env bash
# listener-delete.t: file.deleted cascades (versions, metadata, cache rows
# and files, playlist membership) and user.deleted erases a user (contract §4).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

U=$(new_user)
V=$(new_user)
# upload USER FILE: a photo in storage, announced with file.uploaded.
upload() {
	mkdir -p "$MEDIA_STORAGE_DIR/$1"
	mkjpeg "$MEDIA_STORAGE_DIR/$1/$2" 320 200 sharp 128 60 make=Canon
	publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"$2\",\"user_id\":\"$1\"}"
}
# cache USER FILE FRAME: a cached copy for a frame (the worker makes it).
cache() {
	local c
	c=$(cid)
	sql "WITH c AS (INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status)
	     VALUES (:'v1', :'v2', :'v3', :'v4', 'pending') RETURNING cache_id)
	     INSERT INTO cache_jobs (cache_id) SELECT cache_id FROM c" "$c" "$1" "$3" "$2"
	wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$c" >/dev/null
}
count() { sql "SELECT count(*) FROM $1 WHERE $2 = :'v1'" "$3"; }

P1=${U}_p1 P2=${U}_p2
api POST "/playlists?user_id=$U" '{"name":"Canon","playlist_type":"smart","smart_criteria":{"camera_make":"Canon"}}'
SMART=$(jq -r .playlist_id <<<"$BODY")
upload "$U" "$P1"
upload "$U" "$P2"
wait_sql 2 "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND full_metadata ? 'analyzed_at'" "$U" >/dev/null
api POST "/playlists?user_id=$U" "{\"name\":\"manual\",\"photo_ids\":[\"$P1\",\"$P2\",\"$P1\"]}"
MANUAL=$(jq -r .playlist_id <<<"$BODY")
sql "INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type, file_id, version_number)
     VALUES (:'v1', :'v2', :'v3', 'enhanced', 'ai_enhanced', :'v2', 2)" "ver_${U}" "$P1" "$U"
cache "$U" "$P1" frame_a
cache "$U" "$P2" frame_a
cache "$U" "$P1" frame_b
is "$(sql "SELECT count(*) FROM photo_cache WHERE photo_id = :'v1' AND cache_status = 'cached'" "$P1")" 2 \
    "setup: the photo has two versions, metadata, two cached copies, two playlists"
FILES=$(sql "SELECT local_path FROM photo_cache WHERE photo_id = :'v1'" "$P1")
before=$(sql "SELECT count(*) FROM outbox WHERE event_type = 'media.playlist.updated' AND payload->>'user_id' = :'v1'" "$U")

publish file.deleted "{\"event_type\":\"file.deleted\",\"file_id\":\"$P1\",\"user_id\":\"$U\"}"
is "$(wait_sql 0 "SELECT count(*) FROM photo_metadata WHERE file_id = :'v1'" "$P1")" 0 "file.deleted removes the metadata"
is "$(count photo_versions photo_id "$P1")" 0 "and every version"
is "$(sql "SELECT count(*) FROM outbox WHERE payload->>'photo_id' = :'v1'
    AND event_type = 'media.version.deleted'" "$P1")" 0 \
    "without media.version.deleted (a file's life cycle)"
is "$(count photo_cache photo_id "$P1")" 0 "and every cache entry"
gone=1
for f in $FILES; do [ -e "$f" ] && gone=; done
ok "$gone" "and the cached files"
api GET "/playlists/$MANUAL?user_id=$U"
jq_is '.photo_ids|join(",")' "$P2" "the manual playlist loses every occurrence"
api GET "/playlists/$SMART?user_id=$U"
jq_is '.photo_ids|join(",")' "$P2" "the smart playlist loses it too"
after=$(sql "SELECT count(*) FROM outbox WHERE event_type = 'media.playlist.updated' AND payload->>'user_id' = :'v1'" "$U")
is "$((after - before))" 2 "media.playlist.updated is emitted for each of the two playlists"
is "$(count photo_metadata file_id "$P2")" 1 "the other photo keeps its metadata"
is "$(count photo_cache photo_id "$P2")" 1 "and its cache entry"

publish file.deleted "{\"type\":\"file.deleted\",\"data\":{\"file_id\":\"$P1\",\"user_id\":\"$U\"}}"
publish file.deleted "{\"event_type\":\"file.deleted\",\"file_id\":\"$P2\",\"user_id\":\"$V\"}"
sleep 2
is "$(sql "SELECT count(*) FROM outbox WHERE event_type = 'media.playlist.updated' AND payload->>'user_id' = :'v1'" "$U")" "$after" \
    "a redelivered file.deleted changes nothing"
is "$(count photo_metadata file_id "$P2")" 1 "another user's file.deleted does not touch this user's photo"

# user.deleted: every row and file of the user; other users untouched.
upload "$V" "${V}_keep"
wait_sql 1 "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND full_metadata ? 'analyzed_at'" "$V" >/dev/null
cache "$V" "${V}_keep" frame_v
sql "INSERT INTO rotation_schedules (schedule_id, user_id, frame_id, playlist_id, schedule_type)
     VALUES (:'v1', :'v2', 'frame_a', :'v3', 'continuous')" "sched_${U}" "$U" "$MANUAL"
api PUT "/frames/frame_a?user_id=$U" '{"name":"Kitchen","display_width":800,"display_height":480}'
status_is 200 "the user has a frame profile, with the name they gave it"
publish user.deleted "{\"event_type\":\"user.deleted\",\"user_id\":\"$U\"}"
is "$(wait_sql 0 "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1'" "$U")" 0 "user.deleted erases the metadata"
# Every table that has a user_id column, except erased_users (which keeps
# the id and time of the erasure, sql/049): none is forgotten.
tables=$(sql "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.columns
              WHERE table_schema = 'public' AND column_name = 'user_id' AND table_name <> 'erased_users'")
ok "$(grep -w frames <<<"$tables")" "the tables with a user_id include frames"
for t in $tables; do
	is "$(count $t user_id "$U")" 0 "and every row of $t"
done
ok "$( [ ! -e "$MEDIA_CACHE_DIR/$U" ] && echo 1)" "and the user's cache folder"
is "$(count photo_metadata user_id "$V")" 1 "another user's metadata stays"
is "$(count photo_cache user_id "$V")" 1 "and its cache entry"
ok "$( [ -d "$MEDIA_CACHE_DIR/$V/frame_v" ] && echo 1)" "and its cached files"
done_testing
