#!/usr/bin/env bash
# fuzz.t: each libFuzzer harness of tests/fuzz (built by make test into
# build/fuzz/bin) runs for a few seconds, FUZZ_TEST_SECONDS (default 5),
# from its seed corpus without a crash, leak, sanitizer report or
# timeout. make fuzz runs them for a minute each (README, "Fuzzing").
. "$(dirname "$0")/lib/tap.sh"
cd "$(dirname "$0")/.."

seconds=${FUZZ_TEST_SECONDS:-5}
bins=$(ls build/fuzz/bin/fuzz_* 2>/dev/null)
ok "$( [ -n "$bins" ] && echo 1)" "the fuzz harnesses are built"
for bin in $bins; do
	name=$(basename "$bin")
	out=$(tools/fuzz.sh -t "$seconds" "$name" 2>&1)
	ok "$( [ $? -eq 0 ] && echo 1)" "$(tail -1 <<<"$out")"
	[ "$(tail -1 <<<"$out" | grep -c ': ok,')" = 1 ] || sed 's/^/#   /' <<<"$out"
done
done_testing
