#!/usr/bin/env bash
# listener-multi.t: two listeners share the work (issue 5 item 5): each
# consumed event handled once, each outbox row published once, each
# download done once; after one is killed with kill -9 mid-way, the other
# finishes everything and nothing is done twice.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

own_listeners_init
mkdir -p "$S"
N=30	# uploads per phase
M=60	# downloads per phase
LOGS="$MEDIA_LOG_DIR/listener-a.log $MEDIA_LOG_DIR/listener-b.log"

stack_listener_stop
# A short lease: the jobs of a killed listener come back after 5 s.
own_listener_start a MEDIA_CACHE_LEASE_S=5
own_listener_start b MEDIA_CACHE_LEASE_S=5
ok "$(kill -0 "${LISTENER_PID[a]}" && kill -0 "${LISTENER_PID[b]}" && echo 1)" "two listeners are running"

# phase NAME: N uploads and M downloads, all new.
phase() {
	local i
	for i in $(seq $N); do mkjpeg "$S/${U}_$1_u$i" 1600 1200 sharp $((40 + i * 5)) 30; done
	for i in $(seq $M); do mkjpeg "$S/${U}_$1_d$i" 200 150 sharp 128 30; done
	for i in $(seq $N); do
		publish file.uploaded "{\"event_type\":\"file.uploaded\",\"file_id\":\"${U}_$1_u$i\",\"user_id\":\"$U\"}"
	done
	sql "WITH c AS (INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status)
	     SELECT :'v1' || '_$1_' || g, :'v1', 'frame_m', :'v1' || '_$1_d' || g, 'pending'
	     FROM generate_series(1, $M) g RETURNING cache_id)
	     INSERT INTO cache_jobs (cache_id) SELECT cache_id FROM c" "$U"
}
analysed() { sql "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND file_id LIKE :'v2' AND full_metadata ? 'analyzed_at'" "$U" "${U}_$1_u%"; }
cached() { sql "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND cache_id LIKE :'v2' AND cache_status = 'cached'" "$U" "${U}_$1_%"; }

phase one
WAIT_S=60
is "$(wait_sql $N "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND file_id LIKE :'v2' AND full_metadata ? 'analyzed_at'" "$U" "${U}_one_u%")" $N \
    "all $N uploads are analysed"
is "$(wait_sql $M "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND cache_id LIKE :'v2' AND cache_status = 'cached'" "$U" "${U}_one_%")" $M \
    "all $M downloads are cached"
handled=$(cat $LOGS | grep -o "file.uploaded: ${U}_one_u[0-9]* analysed" | sort)
is "$(wc -l <<<"$handled" | tr -d ' ')" $N "the two listeners analysed $N uploads in all"
is "$(uniq -d <<<"$handled" | wc -l | tr -d ' ')" 0 "none of them twice"
na=$(grep -c "file.uploaded: ${U}_one_u[0-9]* analysed" "$MEDIA_LOG_DIR/listener-a.log")
nb=$(grep -c "file.uploaded: ${U}_one_u[0-9]* analysed" "$MEDIA_LOG_DIR/listener-b.log")
ok "$( [ "$na" -gt 0 ] && [ "$nb" -gt 0 ] && echo 1)" "both took a share of the events (a: $na, b: $nb)"
is "$(cat $LOGS | grep -o "download: ${U}_one_[0-9]* cached" | sort | uniq -d | wc -l | tr -d ' ')" 0 \
    "no download was recorded twice"
da=$(grep -c "download: ${U}_one_[0-9]* cached" "$MEDIA_LOG_DIR/listener-a.log")
db=$(grep -c "download: ${U}_one_[0-9]* cached" "$MEDIA_LOG_DIR/listener-b.log")
ok "$( [ "$da" -gt 0 ] && [ "$db" -gt 0 ] && echo 1)" "both took a share of the downloads (a: $da, b: $db)"
hits=$(grep -o "\"uri\":\"/storage/$U/${U}_one_d[0-9]*\"" "$MEDIA_LOG_DIR/access.log")
is "$(wc -l <<<"$hits" | tr -d ' ')" $M "storage saw $M downloads"
is "$(sort <<<"$hits" | uniq -d | wc -l | tr -d ' ')" 0 "each photo fetched once"
is "$(wait_sql 0 "SELECT count(*) FROM outbox WHERE published_at IS NULL AND aggregate_id LIKE :'v1'" "${U}_one_%")" 0 \
    "every outbox row of the phase is published"
dump=$(natsctl dump MEDIA_EVENTS media.cache.ready | grep -F "\"${U}_one_")
is "$(wc -l <<<"$dump" | tr -d ' ')" $M "JetStream holds one media.cache.ready per download"
is "$(cut -f2 <<<"$dump" | sort | uniq -d | wc -l | tr -d ' ')" 0 "no event published twice"

# kill -9 one listener mid-way: nothing is lost, nothing done twice.
phase two
for i in $(seq 200); do [ "$(analysed two)" -ge 3 ] && break; sleep 0.02; done
PA=${LISTENER_PID[a]}
own_listener_stop a KILL 2>/dev/null
ok "$(kill -0 "$PA" 2>/dev/null || echo 1)" "listener a is killed with kill -9 mid-way ($(cached two) of $M cached, $(analysed two) of $N analysed)"
WAIT_S=120
is "$(wait_sql $N "SELECT count(*) FROM photo_metadata WHERE user_id = :'v1' AND file_id LIKE :'v2' AND full_metadata ? 'analyzed_at'" "$U" "${U}_two_u%")" $N \
    "the survivor analyses every upload"
is "$(wait_sql $M "SELECT count(*) FROM photo_cache WHERE user_id = :'v1' AND cache_id LIKE :'v2' AND cache_status = 'cached'" "$U" "${U}_two_%")" $M \
    "and finishes every download"
is "$(sql "SELECT count(*) FROM (SELECT aggregate_id FROM outbox WHERE event_type = 'media.metadata.updated' AND aggregate_id LIKE :'v1' GROUP BY 1 HAVING count(*) > 1) d" "${U}_two_u%")" 0 \
    "no upload was handled twice (one media.metadata.updated each)"
is "$(sql "SELECT count(*) FROM photo_versions WHERE photo_id LIKE :'v1'" "${U}_two_u%")" $N "one original version each"
is "$(sql "SELECT count(*) FROM outbox WHERE event_type = 'media.cache.ready' AND aggregate_id LIKE :'v1'" "${U}_two_%")" $M \
    "one media.cache.ready per download"
is "$(wait_sql 0 "SELECT count(*) FROM cache_jobs j JOIN photo_cache c USING (cache_id) WHERE c.user_id = :'v1'" "$U")" 0 \
    "no job is left"
is "$(wait_sql 0 "SELECT count(*) FROM outbox WHERE published_at IS NULL AND aggregate_id LIKE :'v1'" "${U}_two_%")" 0 \
    "every outbox row is published"
done_testing
