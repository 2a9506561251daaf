# 10-postgres-restart.sh: PostgreSQL crashes (immediate shutdown) under
# load and is started again: every 2xx write is in the database after, every
# other answer a JSON 503, no 500, serving again within 2 s of PostgreSQL.
. "$(dirname "$0")/lib.sh"

fault_under_load postgres QUIT "${CHAOS_PG_DOWN_S:-4}" \
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$MEDIA_PG_PORT"
chaos_load_figures "$T_DOWN" "$T_UP"
chaos_done
