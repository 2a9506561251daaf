# fault.sh: faults of a running stack, for the fault tests and `make chaos`
# (sourced after tools/env.sh). Every process is hit by the PID the stack
# recorded in $MEDIA_RUN_DIR, never by name.
#
#   fault_kill NAME [SIGNAL]   send SIGNAL (TERM) to NAME's recorded PID
#                              (postgres, pgbouncer, nats, listener, a pool)
#                              and wait up to 10 s until it is gone; non-zero
#                              if it is still there. PostgreSQL's postmaster:
#                              QUIT is an immediate shutdown (a crash), INT a
#                              fast one, TERM a smart one (waits for every client)
#   fault_restore              bring back whatever is not running (tools/stack.sh
#                              start: it starts only what is down)
#   fault_wait_port PORT       wait up to 10 s until 127.0.0.1:PORT accepts

fault_kill() {
	local pidf=$MEDIA_RUN_DIR/$1.pid pid i
	[ -s "$pidf" ] || return 1
	pid=$(cat "$pidf")
	kill -"${2:-TERM}" "$pid" 2>/dev/null || return 1
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

fault_restore() { "$MEDIA_ROOT/tools/stack.sh" start >/dev/null 2>&1; }

fault_wait_port() {
	local i
	for i in $(seq 100); do
		(echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
