# lib.sh: what every chaos part (tools/chaos.d/NN-name.sh) uses; the part
# sources it first. A part runs in its own bash against the stack of
# tools/chaos.sh, prints its figures and exits non-zero when an invariant
# does not hold.
#
#   fig LABEL VALUE [OP WANT]   a figure row; with OP (= <= >= <) and WANT it is
#                               an invariant: the part fails if VALUE OP WANT is false
#   chaos_done                  the part's verdict: its line in the summary, its exit status
#   now                         the time, seconds with decimals
#   span T0 T1 / since T0       seconds between two times / since one
#   api METHOD PATH [JSON]      curl the API; sets STATUS and BODY
#   chaos_sql [psql args]       psql straight to PostgreSQL, unaligned, tuples only
#   chaos_load SECONDS          wrk under $CHAOS_CONNS connections (POST playlists,
#                               PUT metadata, GET playlists) in the background
#   chaos_load_wait             wait for it to end
#   chaos_ready_at CMD...       in the background, poll CMD every 50 ms until it
#                               succeeds; chaos_ready_time prints when
#   chaos_load_figures T_DOWN T_UP  the load's figures; T_UP: when the faulty part was back
#   fault_under_load NAME SIGNAL DOWN_S READY_CMD...   chaos_load, NAME killed
#                               with SIGNAL 6 s in, brought back DOWN_S later;
#                               sets T_DOWN, and T_UP: when READY_CMD first succeeds
#   natsctl ARGS / mkjpeg ARGS  the test tools (built by make)
#   upload USER FILE            publish file.uploaded for a photo of the storage folder
set -euo pipefail
. "$ROOT/tools/env.sh"
. "$ROOT/tools/fault.sh"
. "$ROOT/tools/private.sh"
. "$ROOT/tests/lib/wrk.sh"

PART=$(basename "$0" .sh)
PART_DIR=$CHAOS_WORK/$PART
mkdir -p "$PART_DIR"
PART_FAILED=0
CHAOS_CONNS=${CHAOS_CONNS:-64}
TOOLS=$ROOT/build/release/tools
# This run's ids: the parts of one stack never see each other's rows.
RUN=$(date +%s | tail -c 6)${PART%%-*}
echo "chaos: $PART" >&2

fig() {
	local label=$1 value=$2 op=${3:-} want=${4:-} verdict=""
	if [ -n "$op" ]; then
		if awk -v v="$value" -v w="$want" -v op="$op" 'BEGIN {
		    if (v !~ /^-?[0-9.]+$/) exit 1
		    v += 0; w += 0
		    exit !((op == "=" && v == w) || (op == "<=" && v <= w) ||
		        (op == ">=" && v >= w) || (op == "<" && v < w)) }'; then
			verdict="ok"
		else
			verdict="FAIL"
			PART_FAILED=1
		fi
		verdict="$verdict (want $op $want)"
	fi
	printf '  %-58s %10s  %s\n' "$label" "$value" "$verdict" | tee -a "$PART_DIR/figures"
}

chaos_done() {
	local verdict=PASS
	[ "$PART_FAILED" = 0 ] || verdict=FAIL
	{ echo "$PART: $verdict"; cat "$PART_DIR/figures"; } >>"$CHAOS_SUMMARY"
	echo "$PART: $verdict"
	exit "$PART_FAILED"
}

now() { date +%s.%N | cut -c1-14; }
# span T0 T1: seconds from T0 to T1, one decimal; since T0: whole seconds to now.
span() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%d", b - a }'; }
chaos_sql() { private_psql -tA "$@"; }
natsctl() { "$TOOLS/natsctl" "$@"; }
mkjpeg() { "$TOOLS/mkjpeg" "$@"; }

api() {
	local args=(-s -o "$PART_DIR/body" -w '%{http_code}' -X "$1" --max-time 30)
	[ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
	STATUS=$(curl "${args[@]}" "$CHAOS_URL/api/v1/media$2") || STATUS=000
	BODY=$(cat "$PART_DIR/body" 2>/dev/null || true)
}

upload() {
	natsctl pub file.uploaded \
	    "{\"event_type\":\"file.uploaded\",\"file_id\":\"$2\",\"user_id\":\"$1\"}" >/dev/null
}

# The three loads share the connections (-t1 each: two cores).
chaos_load() {
	local s=$1 third=$((CHAOS_CONNS / 3)) lua conns
	mkdir -p "$PART_DIR/load"
	LOAD_PIDS=()
	for lua in post_playlist put_metadata get_playlists; do
		conns=$third
		[ "$lua" = post_playlist ] && conns=$((CHAOS_CONNS - 2 * third))
		wrk -t1 -c"$conns" -d"${s}s" --timeout 15s -s "$ROOT/tools/chaos.d/$lua.lua" "$CHAOS_URL/" \
		    -- "$PART_DIR/load" "$lua" "$RUN" >"$PART_DIR/load/$lua.wrk" 2>&1 &
		LOAD_PIDS+=($!)
	done
}

chaos_load_wait() { wait "${LOAD_PIDS[@]}"; }

fault_under_load() {
	local name=$1 sig=$2 down=$3
	shift 3
	chaos_load "${CHAOS_LOAD_S:-20}"
	sleep 6
	T_DOWN=$(now)
	fault_kill "$name" "$sig" || fig "$name stopped by its PID" no = yes
	sleep "$down"
	chaos_ready_at "$@"
	fault_restore
	T_UP=$(chaos_ready_time)
	chaos_load_wait
	echo "$PART: $name killed (SIG$sig), down ${down} s, during ${CHAOS_LOAD_S:-20} s of load, $CHAOS_CONNS connections"
	fig "$name down, s" "$(span "$T_DOWN" "$T_UP")"
}

chaos_ready_at() {
	( while ! "$@" >/dev/null 2>&1; do sleep 0.05; done; now >"$PART_DIR/ready_at" ) &
	READY_PID=$!
}

chaos_ready_time() { wait "$READY_PID"; cat "$PART_DIR/ready_at"; }

# chaos_load_figures T_DOWN T_UP: the figures of the last load. Every 2xx
# write must be in the database; every other answer a JSON 503, none a
# 500; after T_UP (the broken part answers again) no error may come later
# than 2 s.
chaos_load_figures() {
	local down=$1 up=$2 logs=("$PART_DIR"/load/*-*.log) st s2 lost sock wrk_n f a c
	st=$(cat "${logs[@]}" | awk '{ n++ } $2 >= 200 && $2 < 300 { ok++ }
	    $2 == 503 && $3 == "j" { j++ } $2 == 503 && $3 != "j" { nj++ } $2 == 500 { e++ }
	    END { print n + 0, ok + 0, j + 0, nj + 0, e + 0, n - ok - j - nj - e }')
	read -r n ok j nj e other <<<"$st"
	sock=0 wrk_n=0
	for f in "$PART_DIR"/load/*.wrk; do
		read -r a _ c <<<"$(wrk_stats "$f")"
		wrk_n=$((wrk_n + a)) sock=$((sock + c))
	done
	# Each 2xx write's id, with the table it must be in.
	for f in "$PART_DIR"/load/post_playlist-*.log; do awk '$2 >= 200 && $2 < 300 { print "playlist\t" $4 }' "$f"; done >"$PART_DIR/writes"
	for f in "$PART_DIR"/load/put_metadata-*.log; do awk '$2 >= 200 && $2 < 300 { print "metadata\t" $4 }' "$f"; done >>"$PART_DIR/writes"
	lost=$(chaos_sql <<-SQL
	CREATE TEMP TABLE w (kind text, id text);
	\copy w FROM '$PART_DIR/writes'
	SELECT count(*) FROM w WHERE NOT CASE kind
	    WHEN 'playlist' THEN EXISTS (SELECT 1 FROM playlists p WHERE p.playlist_id = w.id)
	    ELSE EXISTS (SELECT 1 FROM photo_metadata m WHERE m.file_id = w.id AND m.camera_make = 'Chaos') END;
	SQL
	)
	s2=$(cat "${logs[@]}" | awk -v down="$down" -v up="$up" '
	    $1 >= down && ($2 < 200 || $2 > 299) { errs++ }
	    $1 >= up && $2 >= 200 && $2 < 300 && (first == "" || $1 < first) { first = $1 }
	    $1 >= up && ($2 < 200 || $2 > 299) && $1 > last { last = $1 }
	    END { printf "%d %.2f %.2f\n", errs, first == "" ? -1 : first - up, last == "" ? 0 : last - up }')
	read -r errs first last <<<"$s2"
	fig "requests answered" "$n"
	fig "  not recorded by the Lua scripts (wrk's count - records)" $((wrk_n - n)) = 0
	fig "  2xx" "$ok"
	fig "  503 with a JSON error body" "$j"
	fig "  503 without one" "$nj" = 0
	fig "  500" "$e" = 0
	fig "  other statuses" "$other" = 0
	fig "  socket errors and timeouts (wrk)" "$sock" = 0
	fig "writes answered 2xx" "$(wc -l <"$PART_DIR/writes")"
	fig "  of them not in the database afterwards (lost)" "$lost" = 0
	fig "errors from the fault on" "$errs"
	fig "first 2xx after it is back, s" "$first" ">=" 0
	fig "last error after it is back, s" "$last" "<=" 2
}

# photos USER PREFIX N [W H]: N JPEGs USER/PREFIX1..N in the storage folder
# (one made, the rest copies), for uploads.
photos() {
	local u=$1 p=$2 n=$3 d=$MEDIA_STORAGE_DIR/$1 i
	mkdir -p "$d"
	mkjpeg "$d/$p.template" "${4:-1024}" "${5:-768}" sharp 128 60 make=Chaos
	for i in $(seq "$n"); do cp "$d/$p.template" "$d/${p}$i"; done
}

# analysed USER PREFIX: how many of USER's photos PREFIX* are analysed.
analysed() {
	chaos_sql -c "SELECT count(*) FROM photo_metadata WHERE user_id = '$1'
	    AND file_id LIKE '$2%' AND full_metadata ? 'analyzed_at'"
}

# analysed_twice PREFIX: photos PREFIX* with more than one analysis, by
# the listener's "analysed" log lines and by media.metadata.updated rows.
analysed_twice_log() {
	grep -ao "file.uploaded: $1[0-9]* analysed" "$MEDIA_LOG_DIR/listener.log" |
	    sort | uniq -d | wc -l
}
analysed_twice_events() {
	chaos_sql -c "SELECT count(*) FROM (SELECT aggregate_id FROM outbox
	    WHERE event_type = 'media.metadata.updated' AND aggregate_id LIKE '$1%'
	    GROUP BY 1 HAVING count(*) > 1) d"
}

# events_figures OUTBOX_ID0: every outbox row after id OUTBOX_ID0 published
# and in MEDIA_EVENTS exactly once (by event_id).
events_figures() {
	local ids=$PART_DIR/event_ids
	chaos_sql -c "SELECT event_id FROM outbox WHERE id > $1" | sort >"$ids"
	natsctl dump MEDIA_EVENTS | cut -f3 | jq -r .event_id | sort >"$PART_DIR/stream_ids"
	fig "events committed (outbox rows)" "$(wc -l <"$ids")"
	fig "  not published afterwards" "$(chaos_sql -c "SELECT count(*) FROM outbox WHERE id > $1 AND published_at IS NULL")" = 0
	fig "  messages in MEDIA_EVENTS with those event_ids" "$(join "$ids" "$PART_DIR/stream_ids" | wc -l)"
	fig "  distinct event_ids among them" "$(join "$ids" "$PART_DIR/stream_ids" | uniq | wc -l)"
	fig "  missing from MEDIA_EVENTS" "$(join -v1 "$ids" "$PART_DIR/stream_ids" | wc -l)" = 0
	fig "  duplicates in MEDIA_EVENTS" "$(join "$ids" "$PART_DIR/stream_ids" | uniq -d | wc -l)" = 0
}

outbox_id() { chaos_sql -c "SELECT coalesce(max(id), 0) FROM outbox"; }

# dead_of TEXT: messages in MEDIA_DEAD that mention TEXT.
dead_of() { natsctl dump MEDIA_DEAD 2>/dev/null | grep -c "$1" || true; }
# inbox_pending: "num_pending num_ack_pending" of the listener's consumer.
inbox_pending() { natsctl pending MEDIA_INBOX media-service; }
# inbox_figures: how long the consumer took to drain (its last ack can
# come a moment after the rows the part waits for), then what is left
# after at most 15 s: a message never acked waits AckWait, longer.
inbox_figures() {
	local t0 left i
	t0=$(now)
	for i in $(seq 30); do
		left=$(inbox_pending | awk '{ print $1 + $2 }')
		[ "$left" = 0 ] && break
		sleep 0.5
	done
	fig "MEDIA_INBOX drained, s after the check began" "$(span "$t0" "$(now)")"
	fig "MEDIA_INBOX messages pending or unacked" "$left" = 0
}

# cache_request USER FRAME PHOTO QUALITY: POST /cache; prints the cache_id.
cache_request() {
	api POST "/cache?user_id=$1" "{\"frame_id\":\"$2\",\"photo_id\":\"$3\",\"cache_quality\":\"$4\"}"
	jq -r '.cache_id // empty' <<<"$BODY"
}

# whole FILE SIZE [ORIGINAL]: FILE is a whole JPEG: SIZE bytes, ending in
# the EOI marker, and the same bytes as ORIGINAL when given (quality original).
whole() {
	[ -f "$1" ] && [ "$(stat -c %s "$1")" = "$2" ] &&
	    [ "$(tail -c 2 "$1" | od -An -tx1 | tr -d ' \n')" = ffd9 ] &&
	    { [ -z "${3:-}" ] || cmp -s "$1" "$3"; }
}

# cache_figures USER N: the N cache entries of USER: all cached, each file
# whole and once, each media.cache.ready once, no temp file left.
cache_figures() {
	local u=$1 n=$2 bad=0 path size
	while IFS='|' read -r path size; do
		whole "$path" "$size" || bad=$((bad + 1))
	done < <(chaos_sql -c "SELECT local_path, cache_size FROM photo_cache
	    WHERE user_id = '$u' AND cache_status = 'cached'")
	fig "cache entries cached" "$(chaos_sql -c "SELECT count(*) FROM photo_cache
	    WHERE user_id = '$u' AND cache_status = 'cached'")" = "$n"
	fig "  failed" "$(chaos_sql -c "SELECT count(*) FROM photo_cache
	    WHERE user_id = '$u' AND cache_status = 'failed'")" = 0
	fig "  cached files not whole (size, EOI marker)" "$bad" = 0
	fig "  files in the user's cache folder" "$(find "$MEDIA_CACHE_DIR/$u" -type f ! -name '.*' | wc -l)" = "$n"
	fig "  temp files left there" "$(find "$MEDIA_CACHE_DIR/$u" -type f -name '.*' | wc -l)" = 0
	fig "  entries with more than one media.cache.ready" "$(chaos_sql -c "SELECT count(*) FROM
	    (SELECT aggregate_id FROM outbox WHERE event_type = 'media.cache.ready'
	    AND payload->>'cache_id' IN (SELECT cache_id FROM photo_cache WHERE user_id = '$u')
	    GROUP BY 1 HAVING count(*) > 1) d")" = 0
}
