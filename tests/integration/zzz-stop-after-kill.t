#!/usr/bin/env bash
# zzz-stop-after-kill.t: `make stop` (tools/stack.sh stop) stops everything
# the stack started, also after one of its processes was killed (issue 10
# finding 12): a pool's multiwatch killed with kill -9 leaves its workers
# running; stop ends them too. Runs last: it stops the test stack and
# starts it again.
. "$(dirname "$0")/../lib/tap.sh"
. "$MEDIA_ROOT/tools/env.sh"

P=$(cat "$MEDIA_RUN_DIR/health.pid")
workers=$(pgrep -g "$P" | grep -vx "$P" | tr '\n' ' ')
ok "$workers" "the health pool has workers ($workers) in its group $P"
kill -KILL "$P"
sleep 0.5
ok "$(pgrep -g "$P" | grep -vx "$P")" "with its multiwatch killed, the workers are left running"
pids=$(cat "$MEDIA_RUN_DIR"/*.pid | tr '\n' ' ')
"$MEDIA_ROOT/tools/stack.sh" stop >/dev/null 2>&1
# Running members of the group: not zombies, which are ended (this VM's
# init may reap the orphans a moment after they exit).
running_in_group() { ps -e -o pgid=,stat= | awk -v p="$1" '$1 == p && $2 !~ /^Z/'; }
ok "$([ -z "$(running_in_group "$P")" ] && echo 1)" "make stop ends the orphaned workers"
for i in $(seq 20); do	# a process may log its exit a moment before it ends
	left=""
	for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
	[ -z "$left" ] && break
	sleep 0.1
done
is "$left" "" "and every process the stack recorded"
ok "$(! ls "$MEDIA_RUN_DIR"/*.pid 2>/dev/null | grep -q . && echo 1)" "no PID file is left"
"$MEDIA_ROOT/tools/stack.sh" start >/dev/null 2>&1
api GET /health
status_is 200 "the stack starts again after it"
done_testing
