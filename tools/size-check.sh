#!/usr/bin/env bash
# size-check.sh: the house limits on C sources (style.md): no file over
# 400 lines, no function over 60. Prints each offender as
# "path:line: what" and exits 1 if there is one, 0 otherwise.
# A function's length is the lines from its name to its closing brace
# (the name at column 0, "{" and "}" alone at column 0: our style), so a
# 60-line function is its name line plus 60. Usage: size-check.sh [dir...]
# (default: the C trees of the repository).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MAX_FILE=${MAX_FILE_LINES:-400}
MAX_FUNC=${MAX_FUNCTION_LINES:-60}
[ $# -gt 0 ] || set -- functions shared bus cmd tests/unit tests/tools tests/fuzz

files=$(find "$@" -name node_modules -prune -o -name '*.[ch]' -type f -print | sort)
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
FNR == 1 { if (file != "") file_done(); file = FILENAME; name = ""; start = 0; open = 0 }
{ lines = FNR }
# The line that names a function: at column 0, a word then "(".
!open && /^[A-Za-z_][A-Za-z0-9_ *]*\(/ && !/^(if|for|while|switch|return)[ (]/ {
	name = $0; sub(/\(.*/, "", name); sub(/.* \**/, "", name); start = FNR
}
/^\{/ && start { open = 1 }
/^\}/ && open {
	if (FNR - start > maxfunc) {
		printf "%s:%d: function %s is %d lines (over %d)\n", FILENAME,
		    start, name, FNR - start, maxfunc
		bad = 1
	}
	open = 0; start = 0
}
END { if (file != "") file_done(); exit bad }' $files
