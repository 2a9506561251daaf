# 20-pgbouncer-restart.sh: pgbouncer killed (SIGKILL) under load and
# started again: the same invariants as PostgreSQL's restart (part 10).
. "$(dirname "$0")/lib.sh"

LOAD_S=${CHAOS_LOAD_S:-20}
DOWN_S=${CHAOS_PGB_DOWN_S:-2}
chaos_load "$LOAD_S"
sleep 6
t_down=$(now)
fault_kill pgbouncer KILL || fig "pgbouncer killed by its PID" no = yes
sleep "$DOWN_S"
chaos_ready_at bash -c "echo >/dev/tcp/127.0.0.1/$MEDIA_PGBOUNCER_PORT"
fault_restore
t_up=$(chaos_ready_time)
chaos_load_wait

echo "$PART: pgbouncer killed, down ${DOWN_S} s, during ${LOAD_S} s of load, $CHAOS_CONNS connections"
fig "pgbouncer down, s" "$(span "$t_down" "$t_up")"
chaos_load_figures "$t_down" "$t_up"
chaos_done
