# 50-listener-kill.sh: kill -9 of the listener, twice, while it analyses
# uploads and downloads cache entries: afterwards every upload is analysed
# once, every entry cached once, no event twice, no file half-written.
. "$(dirname "$0")/lib.sh"

N_UP=${CHAOS_KILL_UPLOADS:-60}
N_PH=40
U=chaos_k$RUN
# Setup: photos to download, analysed before the faults.
photos "$U" "${U}_d" "$N_PH" 3000 2000
for i in $(seq $N_PH); do upload "$U" "${U}_d$i"; done
private_wait "SELECT count(*) FROM photo_metadata WHERE user_id = '$U' AND full_metadata ? 'analyzed_at'" "$N_PH" 120 ||
    fig "setup: photos analysed" "$(analysed "$U" "${U}_d")" = "$N_PH"
photos "$U" "${U}_a" "$N_UP" 4000 3000

id0=$(outbox_id)
# kill_listener WHAT: kill -9 once WHAT (a count query) reaches 3.
kills=0
kill_listener() {
	local i
	for i in $(seq 200); do
		[ "$(chaos_sql -c "$1")" -ge 3 ] && break
		sleep 0.05
	done
	at_kill+=("$(analysed "$U" "${U}_a") of $N_UP analysed, $(chaos_sql -c "SELECT count(*) FROM photo_cache
	    WHERE user_id = '$U' AND cache_status = 'cached'") of $((2 * N_PH)) cached")
	fault_kill listener KILL && kills=$((kills + 1))
	fault_restore
}
at_kill=()
for i in $(seq "$N_UP"); do upload "$U" "${U}_a$i"; done
for i in $(seq $N_PH); do
	for f in frame_a frame_b; do cache_request "$U" "$f" "${U}_d$i" medium >/dev/null; done
done &
kill_listener "SELECT count(*) FROM photo_metadata WHERE user_id = '$U' AND file_id LIKE '${U}_a%'
    AND full_metadata ? 'analyzed_at'"
kill_listener "SELECT count(*) FROM photo_cache WHERE user_id = '$U' AND cache_status = 'cached'"
wait
private_wait "SELECT count(*) FROM photo_metadata WHERE user_id = '$U' AND full_metadata ? 'analyzed_at'" \
    $((N_PH + N_UP)) 300 || true
private_wait "SELECT count(*) FROM photo_cache WHERE user_id = '$U' AND cache_status IN ('cached', 'failed')" \
    $((2 * N_PH)) 300 || true
sleep 2

echo "$PART: kill -9 of the listener twice, with $N_UP uploads (12 MP) and $((2 * N_PH)) downloads (3000x2000 to medium) under way"
fig "listeners killed by their PID (SIGKILL)" "$kills" = 2
echo "  at kill 1: ${at_kill[0]}; at kill 2: ${at_kill[1]}" | tee -a "$PART_DIR/figures"
fig "uploads analysed" "$(analysed "$U" "${U}_a")" = "$N_UP"
fig "  analysed more than once (listener log)" "$(analysed_twice_log "${U}_a")"
fig "  with more than one media.metadata.updated" "$(analysed_twice_events "${U}_a")" = 0
cache_figures "$U" $((2 * N_PH))
inbox_figures
private_wait "SELECT count(*) FROM outbox WHERE id > $id0 AND published_at IS NULL" 0 60 || true
events_figures "$id0"
chaos_done
