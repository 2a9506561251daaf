#!/usr/bin/env bash
# size-check.sh: the house limits on C and SQL sources (style.md): no file
# over 400 lines, no function over 60. Prints each offender as
# "path:line: what" and exits 1 if there is one, 0 otherwise.
# A function's length is the lines from its name to its closing brace
# (the name at column 0, "{" and "}" alone at column 0: our style), so a
# 60-line function is its name line plus 60. An SQL function runs from its
# "CREATE OR REPLACE FUNCTION" line to the "$$;" that closes its body.
# sql/migrations is left out: a migration is history, applied once and
# never edited. Usage: size-check.sh [dir...] (default: the C trees and
# sql/functions).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MAX_FILE=${MAX_FILE_LINES:-400}
MAX_FUNC=${MAX_FUNCTION_LINES:-60}
[ $# -gt 0 ] || set -- functions shared bus cmd tests/unit tests/tools tests/fuzz sql/functions

files=$(find "$@" -name node_modules -prune -o \( -name '*.[ch]' -o -name '*.sql' \) -type f -print | sort)
[ -n "$files" ] || exit 0
# shellcheck disable=SC2086 # our paths have no blanks
exec awk -v maxfile="$MAX_FILE" \
    -v maxfunc="$MAX_FUNC" '
function file_done() {
	if (lines > maxfile) {
		printf "%s:1: file is %d lines (over %d)\n", file, lines, maxfile
		bad = 1
	}
}
function func_done() {
	if (FNR - start > maxfunc) {
		printf "%s:%d: function %s is %d lines (over %d)\n", FILENAME,
		    start, name, FNR - start, maxfunc
		bad = 1
	}
	open = 0; start = 0
}
FNR == 1 {
	if (file != "") file_done()
	file = FILENAME; name = ""; start = 0; open = 0; sql = FILENAME ~ /\.sql$/
}
{ lines = FNR }
sql && /^CREATE (OR REPLACE )?FUNCTION / {
	name = $0; sub(/^CREATE (OR REPLACE )?FUNCTION /, "", name); sub(/\(.*/, "", name)
	start = FNR; open = 1
}
sql && /^\$\$;/ && open { func_done() }
sql { next }
# The line that names a function: at column 0, a word then "(".
!open && /^[A-Za-z_][A-Za-z0-9_ *]*\(/ && !/^(if|for|while|switch|return)[ (]/ {
	name = $0; sub(/\(.*/, "", name); sub(/.* \**/, "", name); start = FNR
}
/^\{/ && start { open = 1 }
/^\}/ && open { func_done() }
END { if (file != "") file_done(); exit bad }' $files
