# tap.sh: TAP output and HTTP helpers for the curl + jq integration tests.
#
#   api METHOD PATH [JSON] [curl args...]   request $MEDIA_TEST_URL/api/v1/media PATH;
#                                           sets STATUS, BODY, HEADERS
#   ok COND DESC             passes when COND is non-empty ("1")
#   is GOT WANT DESC         string equality
#   status_is CODE DESC      STATUS == CODE
#   jq_is FILTER WANT DESC   jq -r FILTER on BODY equals WANT
#   new_user                 a fresh user id, so tests never share rows
#   sql QUERY [ARGS...]      psql through pgbouncer; ARGS bind to :'v1', :'v2'...
#   done_testing             prints the plan; exits non-zero if a test failed

: "${MEDIA_TEST_URL:?run the integration tests through make test}"
API="$MEDIA_TEST_URL/api/v1/media"
TAP_N=0
TAP_FAILED=0
TAP_TMP=$(mktemp -d)
trap 'rm -rf "$TAP_TMP"' EXIT

ok() {
	TAP_N=$((TAP_N + 1))
	if [ -n "$1" ] && [ "$1" != 0 ]; then
		echo "ok $TAP_N - $2"
	else
		TAP_FAILED=$((TAP_FAILED + 1))
		echo "not ok $TAP_N - $2"
		[ -n "${BODY:-}" ] && echo "#   last response: $STATUS $(head -c 400 <<<"$BODY")"
	fi
}

is() {
	if [ "$1" = "$2" ]; then
		ok 1 "$3"
	else
		ok "" "$3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
	fi
}

status_is() { is "$STATUS" "$1" "$2"; }

jq_is() { is "$(jq -r "$1" <<<"$BODY" 2>/dev/null)" "$2" "$3"; }

# api METHOD PATH [BODY] [extra curl args]
api() {
	local method=$1 path=$2 body=${3-} url
	shift 2
	[ $# -gt 0 ] && shift
	case $path in http*) url=$path ;; /health*|/cached/*|/storage/*) url=$MEDIA_TEST_URL$path ;; *) url=$API$path ;; esac
	local args=(-s -X "$method" -D "$TAP_TMP/headers" -o "$TAP_TMP/body" -w '%{http_code}')
	if [ -n "$body" ]; then
		args+=(-H 'Content-Type: application/json' --data-binary "$body")
	fi
	STATUS=$(curl "${args[@]}" "$@" "$url")
	BODY=$(cat "$TAP_TMP/body")
	HEADERS=$(tr -d '\r' <"$TAP_TMP/headers")
}

# header NAME: the value of a response header of the last api call.
header() { grep -i "^$1:" <<<"$HEADERS" | head -1 | cut -d' ' -f2-; }

new_user() { echo "u_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }

sql() {
	local q=$1 i=1 vars=()
	shift
	for a in "$@"; do vars+=(-v "v$i=$a"); i=$((i + 1)); done
	psql -X -q -tA -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$MEDIA_PGBOUNCER_PORT" \
	    -U "$MEDIA_PG_USER" "${vars[@]}" "$MEDIA_PG_DB" <<<"$q"
}

done_testing() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
	exit $?
}
