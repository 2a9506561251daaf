# wrk.sh: read wrk's report, for the tests that count errors under load.
#
#   wrk_stats FILE   prints "requests non2xx socket_errors" of the wrk
#                    output in FILE (wrk prints the two error lines only
#                    when they are not zero)

wrk_stats() {
	local req non2xx sock
	req=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$1")
	non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$1")
	sock=$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$1" |
	    awk '{ print $1 + $2 + $3 + $4 }')
	echo "${req:-0} ${non2xx:-0} ${sock:-0}"
}
