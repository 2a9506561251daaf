# 40-postgres-down-events.sh: PostgreSQL down for 30 s while 100
# file.uploaded and 10 user.deleted arrive: once it is back every one is
# handled; none lost, none dead-lettered, none analysed twice.
. "$(dirname "$0")/lib.sh"

N=${CHAOS_PG_UPLOADS:-100}
N_DEL=10
DOWN_S=${CHAOS_PG_EVENTS_DOWN_S:-30}
U=chaos_d$RUN
photos "$U" "${U}_p" "$N"
# The users to erase: a playlist and a photo each.
for i in $(seq $N_DEL); do
	api POST "/playlists?user_id=${U}_x$i" '{"name":"to erase"}'
	api PUT "/metadata/${U}_x${i}_f?user_id=${U}_x$i" '{"camera_make":"Chaos"}'
done
users_left() {
	chaos_sql -c "SELECT (SELECT count(*) FROM playlists WHERE user_id LIKE '${U}_x%')
	    + (SELECT count(*) FROM photo_metadata WHERE user_id LIKE '${U}_x%')"
}
fig "rows of the users to erase before" "$(users_left)" = $((2 * N_DEL))
L0=$(wc -l <"$MEDIA_LOG_DIR/listener.log")

t_down=$(now)
fault_kill postgres INT || fig "PostgreSQL stopped by its PID" no = yes
every=$((N / N_DEL))
for i in $(seq "$N"); do
	upload "$U" "${U}_p$i"
	if [ $((i % every)) = 0 ] && [ $((i / every)) -le $N_DEL ]; then
		natsctl pub user.deleted \
		    "{\"event_type\":\"user.deleted\",\"user_id\":\"${U}_x$((i / every))\"}" >/dev/null
	fi
done
published=$(now)
while [ "$(since "$t_down")" -lt "$DOWN_S" ]; do sleep 0.5; done
fault_restore
t_up=$(now)
private_wait "SELECT count(*) FROM photo_metadata WHERE user_id = '$U' AND full_metadata ? 'analyzed_at'" "$N" 300 || true
private_wait "SELECT (SELECT count(*) FROM playlists WHERE user_id LIKE '${U}_x%')
    + (SELECT count(*) FROM photo_metadata WHERE user_id LIKE '${U}_x%')" 0 120 || true
t_done=$(now)
sleep 2

echo "$PART: PostgreSQL down $DOWN_S s; $N file.uploaded and $N_DEL user.deleted published during it"
fig "PostgreSQL down, s" "$(span "$t_down" "$t_up")"
fig "events published while it was down, s to publish" "$(span "$t_down" "$published")"
fig "uploads analysed afterwards" "$(analysed "$U" "${U}_p")" = "$N"
fig "  analysed more than once (listener log)" "$(analysed_twice_log "${U}_p")" = 0
fig "  with more than one media.metadata.updated" "$(analysed_twice_events "${U}_p")" = 0
fig "rows of the erased users left" "$(users_left)" = 0
fig "all handled, s after PostgreSQL was back" "$(span "$t_up" "$t_done")"
fig "events of this part in MEDIA_DEAD" "$(dead_of "$U")" = 0
fig "listener 'giving up' lines" "$(tail -n +$((L0 + 1)) "$MEDIA_LOG_DIR/listener.log" | grep -ac 'giving up' || true)" = 0
inbox_figures
chaos_done
