# 10-postgres-restart.sh: PostgreSQL crashes (immediate shutdown) under
# load and is started again: every 2xx write is in the database after, every
# other answer a JSON 503, no 500, serving again within 2 s of PostgreSQL.
. "$(dirname "$0")/lib.sh"

LOAD_S=${CHAOS_LOAD_S:-20}
DOWN_S=${CHAOS_PG_DOWN_S:-4}
chaos_load "$LOAD_S"
sleep 6
t_down=$(now)
fault_kill postgres QUIT || fig "PostgreSQL stopped by its PID" no = yes
sleep "$DOWN_S"
chaos_ready_at "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$MEDIA_PG_PORT"
fault_restore
t_up=$(chaos_ready_time)
chaos_load_wait

echo "$PART: PostgreSQL down ${DOWN_S} s (immediate shutdown) during ${LOAD_S} s of load, $CHAOS_CONNS connections"
fig "PostgreSQL down, s" "$(span "$t_down" "$t_up")"
chaos_load_figures "$t_down" "$t_up"
chaos_done
