#!/usr/bin/env bash
# chaos.sh: the body of `make chaos`. Starts a release stack on free ports
# under var/chaos (tools/private.sh, as `make bench` does), then runs each
# tools/chaos.d/NN-name.sh part in its own bash: a part breaks something
# (PostgreSQL, pgbouncer, NATS, the listener, the cache disk) under load,
# prints its figures and exits non-zero when an invariant does not hold
# (tools/chaos.d/lib.sh). A summary of every part's figures ends the run;
# the exit status is non-zero if any part failed.
#
# CHAOS_PARTS=NN runs only the parts named NN*; CHAOS_CONNS (64) is the wrk
# load's connections. Logs and the parts' raw records stay in var/chaos.
# CHAOS_TRACE=1 runs the parts under bash -x.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export ROOT

. "$ROOT/tools/private.sh"
CHAOS_VAR=${MEDIA_CHAOS_VAR_DIR:-$ROOT/var/chaos}
# A fresh stack each run: figures of one run must not count another's
# rows. What a killed run left (its stack, the cache part's tmpfs) goes first.
MEDIA_VAR_DIR=$CHAOS_VAR MEDIA_RUN_DIR=$CHAOS_VAR/run "$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true
mountpoint -q "$CHAOS_VAR/cache" && umount "$CHAOS_VAR/cache"
rm -rf "$CHAOS_VAR"
private_stack_start "$CHAOS_VAR"

export CHAOS_URL="http://127.0.0.1:$MEDIA_HTTP_PORT"
export CHAOS_WORK=$CHAOS_VAR/chaos
export CHAOS_SUMMARY=$CHAOS_WORK/summary
mkdir -p "$CHAOS_WORK"
: >"$CHAOS_SUMMARY"

t0=$(date +%s)
failed=0
for part in "$ROOT"/tools/chaos.d/${CHAOS_PARTS:-[1-9]}*.sh; do
	[ -e "$part" ] || continue
	bash ${CHAOS_TRACE:+-x} "$part" || failed=$((failed + 1))
	# Whatever a part left broken comes back before the next one.
	"$ROOT/tools/stack.sh" start >/dev/null 2>&1 || true
	private_settle
done

echo
echo "chaos summary ($(($(date +%s) - t0)) s; logs in $MEDIA_LOG_DIR):"
cat "$CHAOS_SUMMARY"
if [ "$failed" != 0 ]; then
	echo "chaos: $failed part(s) failed"
	exit 1
fi
echo "chaos: every invariant held"
