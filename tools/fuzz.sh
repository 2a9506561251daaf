#!/usr/bin/env bash
# fuzz.sh: the body of `make fuzz` and `make fuzz-merge` (README,
# "Fuzzing"). Runs each libFuzzer harness of build/fuzz/bin (or those
# named) for SECONDS on a copy of its seed corpus tests/fuzz/corpus/<name>,
# so a run never writes into the repository, and prints one summary line
# per harness. A crash, leak, sanitizer report or timeout fails the run and
# prints the input that caused it. -m instead merges what the last run
# found (build/fuzz/run/<name>/corpus) into the seed corpus: only inputs
# that reach new code are added.
#
#   tools/fuzz.sh [-t SECONDS] [-m] [name ...]
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

seconds=60 merge=0
while getopts t:m opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	m) merge=1 ;;
	*) echo "usage: tools/fuzz.sh [-t SECONDS] [-m] [name ...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for b in build/fuzz/bin/fuzz_*; do names+=("$(basename "$b")"); done
fi

# One run of harness $1: a fresh copy of its seeds, its own crash folder.
run() {
	local name=$1 bin=build/fuzz/bin/$1 work=build/fuzz/run/$1 rc execs rate crash
	rm -rf "$work" && mkdir -p "$work/corpus" "$work/crashes"
	cp tests/fuzz/corpus/"$name"/* "$work/corpus/"
	"$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
	    -artifact_prefix="$work/crashes/" "$work/corpus" >"$work/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
	grep '^stat::' "$work/log" | sed "s/^/$name /"
	if [ $rc -eq 0 ]; then
		echo "$name: ok, ${execs:-0} executions in ${seconds} s (${rate:-0}/s)," \
		    "$(ls "$work/corpus" | wc -l) corpus entries from" \
		    "$(ls tests/fuzz/corpus/"$name" | wc -l) seeds, 0 crashes"
		return 0
	fi
	echo "$name: FAILED (exit $rc) after ${execs:-?} executions; log $work/log"
	grep -a -E -m1 -A12 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|^fuzz: ' \
	    "$work/log" | sed 's/^/    /'
	for crash in "$work"/crashes/*; do
		[ -e "$crash" ] && echo "$name: crash input $crash (replay: $bin $crash)"
	done
	return 1
}

status=0
for name in "${names[@]}"; do
	if [ ! -x "build/fuzz/bin/$name" ] || [ ! -d "tests/fuzz/corpus/$name" ]; then
		echo "$name: no harness build/fuzz/bin/$name or no tests/fuzz/corpus/$name" >&2
		status=1
	elif [ $merge = 1 ]; then
		build/fuzz/bin/"$name" -merge=1 tests/fuzz/corpus/"$name" \
		    build/fuzz/run/"$name"/corpus 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files'
	else
		run "$name" || status=1
	fi
done
exit $status
