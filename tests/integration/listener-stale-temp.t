#!/usr/bin/env bash
# listener-stale-temp.t: a listener killed mid-download (kill -9, a crash)
# leaves its temp files, named for its lease, in the frame's folder; whoever
# takes the job next removes them, so a cache folder does not fill up with
# dead downloads (found by `make chaos`, part 50). Temp files of other
# entries are left alone.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

U=$(new_user)
F=frame_a
S=$MEDIA_STORAGE_DIR/$U
D=$MEDIA_CACHE_DIR/$U/$F
mkdir -p "$S" "$D"
mkjpeg "$S/${U}_p" 640 480 sharp 128 60
C=$(cid)
OTHER=$(cid)
# What a listener killed while it downloaded and rendered C leaves, and a
# live download of another entry.
for f in ".$C.0123456789abcdef01.part" ".$C.0123456789abcdef01.render" ".$OTHER.fedcba987654321001.part"; do
	printf 'half a download' >"$D/$f"
done
[ "$(id -u)" = 0 ] && chown -R "$MEDIA_RUN_USER" "$MEDIA_CACHE_DIR/$U"

sql "WITH c AS (INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status, cache_quality)
     VALUES (:'v1', :'v2', :'v3', :'v4', 'pending', 'medium') RETURNING cache_id)
     INSERT INTO cache_jobs (cache_id) SELECT cache_id FROM c" "$C" "$U" "$F" "${U}_p" >/dev/null
is "$(wait_sql cached "SELECT cache_status FROM photo_cache WHERE cache_id = :'v1'" "$C")" cached \
    "the entry is downloaded and cached"
is "$(ls -A "$D" | grep -c "^\.$C\.")" 0 "the temp files a dead listener left for it are gone"
ok "$([ -f "$D/.$OTHER.fedcba987654321001.part" ] && echo 1)" "another entry's temp file is left alone"
ok "$([ -f "$D/$C.jpg" ] && echo 1)" "and the entry's file is there"

done_testing
