#!/usr/bin/env bash
# size.t: the C sources and sql/functions keep the house limits
# (style.md, issue 11): no file over 400 lines, no function over 60
# (tools/size-check.sh names each offender). Needs no stack: plain TAP,
# `prove tests/size.t`.
cd "$(dirname "$0")/.." || exit 1
echo "1..3"
out=$(tools/size-check.sh 2>&1)
rc=$?
n=0
check() {	# check OK DESCRIPTION [DIAGNOSTICS]
	n=$((n + 1))
	if [ "$1" = 1 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
	[ -n "${3:-}" ] && sed 's/^/#   /' <<<"$3" >&2
	return 0
}
check "$( [ $rc -le 1 ] && echo 1)" "tools/size-check.sh ran (exit $rc)"
files=$(grep ': file is ' <<<"$out")
funcs=$(grep ': function ' <<<"$out")
check "$( [ -z "$files" ] && echo 1)" "no C or SQL file over 400 lines" "$files"
check "$( [ -z "$funcs" ] && echo 1)" "no C or SQL function over 60 lines" "$funcs"
