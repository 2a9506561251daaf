#!/usr/bin/env bash
# test.sh: the body of `make test`. Unit tests of shared/ (TAP), then a
# private stack on free ports under var/test-<pid> built with ASan+UBSan,
# the curl + jq integration tests against it with prove, a check that no
# sanitizer reported anything in any worker's log, and last a few seconds
# of each fuzz harness (tests/fuzz.t). tests/size.t checks the sources'
# size limits with the unit tests. The stack is stopped whatever
# happens.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

. "$ROOT/tools/ports.sh"

export MEDIA_VAR_DIR=${MEDIA_TEST_VAR_DIR:-$ROOT/var/test-$$}
pick_ports
export MEDIA_BIN_DIR=$ROOT/build/test/bin
export MEDIA_WORKERS=2
# The listener honours its test hooks (days.c: the day change for a date).
export MEDIA_TEST_HOOKS=1
# Sanitizers: report and keep going for UBSan, leaks checked at worker exit.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=0:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1
export LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp:print_suppressions=0
# libvips keeps every live image in a table, so LeakSanitizer never sees
# an image we forgot to unref; its own check reports them at exit.
export VIPS_LEAK=1
. "$ROOT/tools/env.sh"

stop_stack() {
	local rc=$?
	"$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true
	if [ $rc -ne 0 ]; then
		echo "# logs kept in $MEDIA_LOG_DIR" >&2
	elif [ -z "${MEDIA_KEEP_TEST_VAR:-}" ]; then
		rm -rf "$MEDIA_VAR_DIR"
	fi
	exit $rc
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

echo "# unit tests"
prove -f build/test/unit/test_*
# The house limits on the C sources (tools/size-check.sh).
size_rc=0
prove -f tests/size.t || size_rc=$?

# A port found free can be taken before our server binds it: try anew.
for attempt in 1 2 3; do
	echo "# stack on 127.0.0.1:$MEDIA_HTTP_PORT (var: $MEDIA_VAR_DIR)"
	"$ROOT/tools/stack.sh" start && break
	[ "$attempt" = 3 ] && exit 1
	"$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true
	pick_ports
	. "$ROOT/tools/env.sh"
done

export MEDIA_TEST_URL="http://127.0.0.1:$MEDIA_HTTP_PORT"
status=0
# TESTS="tests/integration/a.t …" (make test TESTS=…) runs only those.
prove -f ${TESTS:-tests/integration/} || status=$?

# Stop the workers so LeakSanitizer runs at their exit, then read the logs.
"$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true
prove -f tests/sanitizers.t || status=$?
# A few seconds of each fuzz harness (built by make test), the stack down.
prove -f tests/fuzz.t || status=$?
[ "$size_rc" = 0 ] || status=$size_rc
exit $status
