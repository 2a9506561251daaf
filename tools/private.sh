# private.sh: a private release stack on free ports for `make bench` and
# `make chaos` (sourced by tools/bench.sh and tools/chaos.sh).
#
#   private_stack_start VAR_DIR   free ports, tools/env.sh, tools/stack.sh start
#                                 under VAR_DIR (a taken port: try anew, 3 times);
#                                 the stack is stopped when the shell exits
#   private_psql [psql args]      psql straight to PostgreSQL (not pgbouncer)
#   private_wait SQL WANT SECONDS poll private_psql every 0.1 s until SQL prints
#                                 WANT; non-zero on timeout
#   private_settle                wait (at most 5 minutes) until the outbox is relayed
. "$ROOT/tools/ports.sh"

private_stack_stop() { "$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true; }

private_stack_start() {
	local attempt
	export MEDIA_VAR_DIR=$1
	export MEDIA_BIN_DIR=$ROOT/build/release/bin
	export MEDIA_LOG_LEVEL=${MEDIA_LOG_LEVEL:-info}
	trap private_stack_stop EXIT
	for attempt in 1 2 3; do
		pick_ports
		. "$ROOT/tools/env.sh"
		"$ROOT/tools/stack.sh" start && return 0
		private_stack_stop
	done
	return 1
}

private_psql() {
	psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$MEDIA_PG_PORT" -U "$MEDIA_PG_USER" "$@" "$MEDIA_PG_DB"
}

private_wait() {
	local i
	for i in $(seq $(($3 * 10))); do
		[ "$(private_psql -tA -c "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# A backlog left by an earlier part must not compete with the next one
# for the two cores, nor count in its figures.
private_settle() {
	local i n
	[ -x "$MEDIA_BIN_DIR/media-listener" ] || return 0
	for i in $(seq 300); do
		n=$(private_psql -tA -c "SELECT count(*) FROM outbox WHERE published_at IS NULL")
		[ "$n" = 0 ] && return 0
		[ $((i % 15)) = 1 ] && echo "${0##*/}: waiting for the relay ($n outbox rows)" >&2
		sleep 1
	done
}
