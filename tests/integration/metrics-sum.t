#!/usr/bin/env bash
# metrics-sum.t: GET /metrics in Prometheus text format; request counts from
# every worker process add up, and the business metrics come from the
# database (contract §3.6).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
N=200

metric() {	# metric NAME_AND_LABELS: its value on a fresh scrape (0 if absent)
	curl -s "$MEDIA_TEST_URL/metrics" | awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }'
}
# Read syscalls of each worker of a pool: a worker that served requests made some.
worker_reads() {
	local pid
	for pid in $(ps -o pid= --ppid "$(cat "$MEDIA_RUN_DIR/$1.pid")"); do
		echo "$pid $(awk '/^syscr/ { print $2 }' "/proc/$pid/io")"
	done
}

api GET "$MEDIA_TEST_URL/metrics"
status_is 200 "GET /metrics answers 200"
is "$(header Content-Type)" "text/plain; version=0.0.4; charset=utf-8" "in Prometheus text format 0.0.4"
for m in media_photo_versions_total media_ai_analysis_duration_seconds \
    media_playlist_query_duration_seconds media_cache_hit_rate media_smart_playlist_update_total \
    media_http_requests_total media_http_request_duration_seconds; do
	ok "$(grep -q "^# TYPE $m " <<<"$BODY" && echo 1)" "it declares $m"
done
ok "$(grep -q '^media_database_up 1$' <<<"$BODY" && echo 1)" "it read the database"
ok "$(grep -vE '^(#|[a-z_]+(\{[^}]*\})? [-+0-9.eE]+$|[a-z_]+\{[^}]*le="\+Inf"\} [0-9]+$)' <<<"$BODY" | grep -q . || echo 1)" \
    "every line is a comment or a sample"

key='media_http_requests_total{function="playlists",status_class="2xx"}'
before=$(metric "$key")
before4=$(metric 'media_http_requests_total{function="playlists",status_class="4xx"}')
hist_before=$(metric 'media_http_request_duration_seconds_count{function="playlists"}')
reads_before=$(worker_reads playlists)
seq "$N" | xargs -P 8 -I{} curl -s -o /dev/null "$API/playlists?user_id=$U"
seq 10 | xargs -P 4 -I{} curl -s -o /dev/null "$API/playlists/pl_missing?user_id=$U"
after=$(metric "$key")
is "$((after - before))" "$N" "$N GET /playlists add exactly $N to the 2xx count of playlists"
is "$(( $(metric 'media_http_requests_total{function="playlists",status_class="4xx"}') - before4))" 10 \
    "10 answers of 404 add 10 to its 4xx count"
is "$(( $(metric 'media_http_request_duration_seconds_count{function="playlists"}') - hist_before))" \
    "$((N + 10))" "the duration histogram of playlists saw all $((N + 10))"
busy=0
workers=0
while read -r pid reads; do
	workers=$((workers + 1))
	now=$(awk '/^syscr/ { print $2 }' "/proc/$pid/io")
	[ "$((now - reads))" -gt 20 ] && busy=$((busy + 1))
done <<<"$reads_before"
ok "$([ "$workers" -ge 2 ] && [ "$busy" = "$workers" ] && echo 1)" \
    "the requests were spread over all $workers workers of the pool ($busy served)"
bucket=$(metric 'media_playlist_query_duration_seconds_bucket{le="+Inf"}')
ok "$([ "$bucket" -ge "$((N + 10))" ] && echo 1)" "playlist reads fill media_playlist_query_duration_seconds"

# Business metrics, counted by the database where every process writes.
k='media_photo_versions_total{version_type="ai_styled"}'
before=$(metric "$k")
sql "INSERT INTO photo_versions (version_id, photo_id, user_id, version_name, version_type, file_id)
     SELECT 'ver_' || md5(random()::text), :'v1' || '_' || g, :'v1', 'v', 'ai_styled', 'f' FROM generate_series(1, 3) g" "$U"
is "$(( $(metric "$k") - before))" 3 "three ai_styled versions add 3 to media_photo_versions_total"

before=$(metric media_smart_playlist_update_total)
PL="pl_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
sql "INSERT INTO playlists (playlist_id, name, user_id, playlist_type, smart_criteria)
     VALUES (:'v1', 's', :'v2', 'smart', '{}')" "$PL" "$U"
sql "UPDATE playlists SET photo_ids = '[\"a\"]' WHERE playlist_id = :'v1'" "$PL"
sql "UPDATE playlists SET name = 'renamed' WHERE playlist_id = :'v1'" "$PL"
is "$(( $(metric media_smart_playlist_update_total) - before))" 1 \
    "a smart playlist whose photos changed counts once, a rename not at all"

F="fr_$U"
sql "INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, cache_status, hit_count, last_accessed_at)
     VALUES ('cache_' || md5(random()::text), :'v1', :'v2', 'p1', 'cached', 3, now()),
            ('cache_' || md5(random()::text), :'v1', :'v2', 'p2', 'pending', 0, NULL),
            ('cache_' || md5(random()::text), :'v1', :'v2' || '_idle', 'p1', 'cached', 5,
             now() - interval '2 hours')" "$U" "$F"
is "$(metric "media_cache_hit_rate{frame_id=\"$F\"}")" 0.6 \
    "media_cache_hit_rate is hits / (hits + misses): 3 / (3 + 2)"
ok "$(! curl -s "$MEDIA_TEST_URL/metrics" | grep -qF "frame_id=\"${F}_idle\"" && echo 1)" \
    "a frame nobody looked at in the last hour is not listed"
done_testing
