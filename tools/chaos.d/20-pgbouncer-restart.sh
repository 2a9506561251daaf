# 20-pgbouncer-restart.sh: pgbouncer killed (SIGKILL) under load and
# started again: the same invariants as PostgreSQL's restart (part 10).
. "$(dirname "$0")/lib.sh"

fault_under_load pgbouncer KILL "${CHAOS_PGB_DOWN_S:-2}" \
    bash -c "echo >/dev/tcp/127.0.0.1/$MEDIA_PGBOUNCER_PORT"
chaos_load_figures "$T_DOWN" "$T_UP"
chaos_done
