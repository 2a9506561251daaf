#!/usr/bin/env bash
# sanitizers.t: no worker of the test stack reported an ASan, UBSan or
# LeakSanitizer error, nor libvips an object left alive (VIPS_LEAK), in its
# log (the stack was stopped before this runs).
. "$(dirname "$0")/lib/tap.sh"

logs=$(ls "$MEDIA_LOG_DIR"/*.log 2>/dev/null)
ok "$( [ -n "$logs" ] && echo 1)" "the test stack left logs to read"
for pattern in 'ERROR: AddressSanitizer' 'ERROR: LeakSanitizer' 'runtime error:' ' objects alive:'; do
	hits=$(grep -l "$pattern" $logs 2>/dev/null | tr '\n' ' ')
	ok "$( [ -z "$hits" ] && echo 1)" "no '$pattern' in any log${hits:+ (found in: $hits)}"
done
# Workers exited on their own at stop (so LeakSanitizer did run).
stops=$(grep -h '"serve: .* stopping"' $logs 2>/dev/null | wc -l)
ok "$( [ "$stops" -gt 0 ] && echo 1)" "workers shut down cleanly ($stops stop lines)"
done_testing
