# 30-nats-down.sh: NATS down for 60 s while 200 uploads are analysed and
# 200 API changes are made: afterwards every event is in MEDIA_EVENTS
# exactly once (by event_id) and every upload was analysed once.
. "$(dirname "$0")/lib.sh"

N=${CHAOS_UPLOADS:-200}
DOWN_S=${CHAOS_NATS_DOWN_S:-60}
U=chaos_n$RUN
photos "$U" "${U}_p" "$N"
id0=$(outbox_id)
for i in $(seq "$N"); do upload "$U" "${U}_p$i"; done
t_down=$(now)
fault_kill nats || fig "nats-server stopped by its PID" no = yes
# The API changes, spread over the outage: half playlists, half metadata.
ok=0
for i in $(seq $((N / 2))); do
	api POST "/playlists?user_id=$U" "{\"name\":\"during the outage $i\"}"
	case $STATUS in 2*) ok=$((ok + 1)) ;; esac
	api PUT "/metadata/${U}_m$i?user_id=$U" '{"camera_make":"Chaos"}'
	case $STATUS in 2*) ok=$((ok + 1)) ;; esac
	sleep "$(awk -v d="$DOWN_S" -v n="$N" 'BEGIN { printf "%.2f", d / n * 1.5 }')"
done
analysed_down=$(analysed "$U" "${U}_p")
while [ "$(since "$t_down")" -lt "$DOWN_S" ]; do sleep 0.5; done
fault_restore
t_up=$(now)
private_wait "SELECT count(*) FROM photo_metadata WHERE user_id = '$U' AND full_metadata ? 'analyzed_at'" "$N" 300 || true
private_wait "SELECT count(*) FROM outbox WHERE id > $id0 AND published_at IS NULL" 0 300 || true
t_done=$(now)

echo "$PART: NATS down $DOWN_S s; $N uploads published before, $N API changes during"
fig "NATS down, s" "$(span "$t_down" "$t_up")"
fig "API changes answered 2xx during the outage" "$ok" = "$N"
fig "uploads analysed while NATS was down" "$analysed_down"
fig "uploads analysed in the end" "$(analysed "$U" "${U}_p")" = "$N"
fig "  analysed more than once (listener log)" "$(analysed_twice_log "${U}_p")" = 0
fig "  with more than one media.metadata.updated" "$(analysed_twice_events "${U}_p")" = 0
fig "all caught up, s after NATS was back" "$(span "$t_up" "$t_done")"
events_figures "$id0"
chaos_done
