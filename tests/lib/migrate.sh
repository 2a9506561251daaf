# migrate.sh: a private database in the test stack's cluster at an older
# schema, for the tests of a migration (source after tap.sh).
#
#   old_db DB BEFORE        create database DB with the migrations sql/NNN_*.sql
#                           numbered below BEFORE, as tools/migrate.sh applies them
#   migrate_db DB           apply the rest (tools/migrate.sh on the real sql/)
#   run_file DB FILE        run one SQL file in DB, in one transaction
#   db_sql DB QUERY [ARGS]  like sql, in DB (direct to PostgreSQL)
#   drop_db DB              drop it (also on exit, once old_db made it)
. "$MEDIA_ROOT/tools/env.sh"

MIGRATE_DBS=()
trap 'for d in "${MIGRATE_DBS[@]}"; do drop_db "$d"; done; rm -rf "$TAP_TMP"' EXIT

old_db() {
	local db=$1 before=$2 root=$TAP_TMP/root-$1 f n
	mkdir -p "$root/sql" "$root/tools"
	ln -s "$MEDIA_ROOT/tools/migrate.sh" "$MEDIA_ROOT/tools/env.sh" "$root/tools/"
	for f in "$MEDIA_ROOT"/sql/[0-9][0-9][0-9]_*.sql; do
		n=$(basename "$f")
		[ $((10#${n:0:3})) -lt $((10#$before)) ] && ln -s "$f" "$root/sql/"
	done
	MIGRATE_DBS+=("$db")
	MEDIA_ROOT=$root MEDIA_PG_DB=$db "$root/tools/migrate.sh" 2>/dev/null
}

migrate_db() { MEDIA_PG_DB=$1 "$MEDIA_ROOT/tools/migrate.sh" 2>/dev/null; }

run_file() {
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -1 \
	    -h 127.0.0.1 -p "$MEDIA_PG_PORT" -U "$MEDIA_PG_USER" -f "$2" "$1" >/dev/null
}

db_sql() {
	local db=$1 q=$2 i=1 vars=()
	shift 2
	for a in "$@"; do vars+=(-v "v$i=$a"); i=$((i + 1)); done
	psql -X -q -tA -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$MEDIA_PG_PORT" \
	    -U "$MEDIA_PG_USER" "${vars[@]}" "$db" <<<"$q"
}

drop_db() {
	psql -X -q -h 127.0.0.1 -p "$MEDIA_PG_PORT" -U postgres \
	    -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" postgres >/dev/null 2>&1
}
