#!/usr/bin/env bash
# bench.sh: the body of `make bench`. Starts a release stack on free ports
# under var/bench, seeds the base data set once (tools/bench.d/00-seed.sql:
# 10,000 users, 100,000 playlists, 1,000,000 photo_metadata rows), then
# sources every tools/bench.d/[1-9]*.sh part in order and prints one table.
# A measurement, never a pass/fail test.
#
# What a part (tools/bench.d/NN-name.sh) may use:
#   bench_wrk LABEL LUA [PATH]   wrk -t2 -c$BENCH_CONNS -d$BENCH_SECONDS against
#                                $BENCH_URL$PATH with the Lua script LUA (which
#                                varies ids with math.random); adds a table row
#   bench_row LABEL RPS P50 P99 ERRORS [NOTE]   add a row measured another way
#   bench_note TEXT              a line printed under the table
#   bench_vs_pgbench LABEL RPS SQL   pgbench on the same SELECT, and the ratio
#   bench_psql [psql args]       psql straight to PostgreSQL (not pgbouncer)
#   bench_wait SQL WANT SECONDS  poll psql (straight to PostgreSQL) every 0.1 s
#                                until SQL prints WANT; non-zero on timeout
#   bench_settle                 wait until the outbox is relayed (done before
#                                and after every part)
#   BENCH_URL BENCH_CONNS BENCH_SECONDS BENCH_DIR and the MEDIA_* variables
# BENCH_PARTS=NN limits the run to the parts named NN*.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

. "$ROOT/tools/private.sh"
private_stack_start "${MEDIA_BENCH_VAR_DIR:-$ROOT/var/bench}"

BENCH_URL="http://127.0.0.1:$MEDIA_HTTP_PORT"
BENCH_CONNS=${BENCH_CONNS:-64}
BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_DIR=$ROOT/tools/bench.d
ROWS=()
NOTES=()

bench_psql() { private_psql "$@"; }

bench_row() { ROWS+=("$(printf '%-44s %10s %9s %9s %8s  %s' "$1" "$2" "$3" "$4" "$5" "${6:-}")"); }
bench_note() { NOTES+=("$1"); }

# wrk's "50% 1.23ms" lines, as milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
	    else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# The CPU time PostgreSQL's processes (the postmaster and its children:
# the backends pgbouncer keeps open) have used so far, in clock ticks.
pg_ticks() {
	local pm
	pm=$(cat "$MEDIA_RUN_DIR/postgres.pid")
	# shellcheck disable=SC2046
	cat "/proc/$pm/stat" $(pgrep -P "$pm" | sed 's|.*|/proc/&/stat|') 2>/dev/null |
	    awk '{ t += $14 + $15 } END { print t + 0 }'
}
# Microseconds of PostgreSQL CPU per request: ticks $1 -> $2 over $3 requests.
pg_us_per() {
	awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" \
	    'BEGIN { if (n > 0) printf "%.0f", (b - a) / hz * 1e6 / n; else print "n/a" }'
}

bench_wrk() {
	local label=$1 lua=$2 path=${3:-/} out rps p50 p99 errs t0
	echo "bench: $label" >&2
	t0=$(pg_ticks)
	out=$(wrk -t2 -c"$BENCH_CONNS" -d"${BENCH_SECONDS}s" --latency -s "$lua" "$BENCH_URL$path" 2>&1)
	LAST_PG_US=$(pg_us_per "$t0" "$(pg_ticks)" "$(awk '/requests in/ { print $1 }' <<<"$out")")
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
	errs=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
	    END { print n + 0 }' <<<"$out")
	bench_row "$label" "$rps" "$p50" "$p99" "$errs"
	LAST_RPS=$rps
}

# bench_vs_pgbench LABEL RPS SQLFILE: pgbench on SQLFILE through the same
# pgbouncer at the same concurrency; adds its row and the ratio RPS / tps
# (target >= 0.50) under the name LABEL.
# bench_pgbench LABEL SQLFILE: pgbench on SQLFILE through the same pgbouncer
# at the same concurrency; adds its row, sets LAST_TPS and LAST_PG_US.
bench_pgbench() {
	local label=$1 sql=$2 out lat t0
	echo "bench: $label" >&2
	t0=$(pg_ticks)
	out=$("$PG_BIN/pgbench" -n -M extended -c "$BENCH_CONNS" -j 2 -T "$BENCH_SECONDS" \
	    -f "$sql" -h 127.0.0.1 -p "$MEDIA_PGBOUNCER_PORT" -U "$MEDIA_PG_USER" "$MEDIA_PG_DB" 2>&1)
	LAST_PG_US=$(pg_us_per "$t0" "$(pg_ticks)" \
	    "$(awk '/^number of transactions actually processed:/ { print $NF }' <<<"$out")")
	LAST_TPS=$(awk '/^tps = / { printf "%.0f", $3 }' <<<"$out")
	lat=$(awk '/^latency average = / { print $4 }' <<<"$out")
	bench_row "$label" "$LAST_TPS" "" "" "" "avg latency ${lat} ms; PostgreSQL CPU ${LAST_PG_US} us/tx"
}

# bench_vs_pgbench LABEL RPS SQLFILE [TARGET]: bench_pgbench on the SELECT
# of LABEL and the ratio RPS / tps (target >= TARGET, 0.50 unless given).
bench_vs_pgbench() {
	bench_pgbench "pgbench: the SELECT of $1" "$3"
	bench_note "$1 / pgbench = $(awk -v a="$2" -v b="$LAST_TPS" \
	    'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }') (target >= ${4:-0.50})"
}

if [ "$(bench_psql -tA -c "SELECT count(*) FROM pg_tables WHERE tablename = 'bench_seeded'")" = 0 ]; then
	echo "bench: seeding (once; kept in $MEDIA_VAR_DIR)" >&2
	time bench_psql -f "$BENCH_DIR/00-seed.sql" >&2
fi

bench_wait() { private_wait "$@"; }
bench_settle() { private_settle; }
bench_settle

# BENCH_PARTS=10 runs only the parts whose names start with 10.
for part in "$BENCH_DIR"/${BENCH_PARTS:-[1-9]}*.sh; do
	[ -e "$part" ] || continue
	. "$part"
	bench_settle
done

echo
printf '%-44s %10s %9s %9s %8s\n' "endpoint ($BENCH_CONNS connections, ${BENCH_SECONDS}s)" "req/s" "p50 ms" "p99 ms" "errors"
printf '%s\n' "${ROWS[@]}"
echo
printf '%s\n' "${NOTES[@]}"
