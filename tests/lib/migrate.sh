# migrate.sh: a private database in the test stack's cluster at an older
# schema, for the tests of a migration (source after tap.sh).
#
#   old_db DB REV [BEFORE]  create database DB with the sql/ and tools/migrate.sh
#                           of git revision REV, as that migrate.sh applies
#                           them; with BEFORE, only the migrations numbered
#                           below it (REV's sql/NNN_*.sql or sql/migrations/)
#   OLD_SQL_REV             the last revision with the single sql/NNN_*.sql
#                           layout (before sql/migrations + sql/functions)
#   migrate_db DB           apply the rest (tools/migrate.sh on the real sql/)
#   run_file DB FILE        run one SQL file in DB, in one transaction
#   db_sql DB QUERY [ARGS]  like sql, in DB (direct to PostgreSQL)
#   catalog DB              DB's schema as sorted lines (tests/lib/catalog.sql)
#   drop_db DB              drop it (also on exit, once old_db made it)
. "$MEDIA_ROOT/tools/env.sh"

MIGRATE_DBS=()
trap 'for d in "${MIGRATE_DBS[@]}"; do drop_db "$d"; done; rm -rf "$TAP_TMP"' EXIT

# From git history, so it works in a fresh clone: the commit before the
# one that removed sql/052_lock_order.sql from the top of sql/.
OLD_SQL_REV=$(git -C "$MEDIA_ROOT" rev-list -1 HEAD -- sql/052_lock_order.sql)^

old_db() {
	local db=$1 rev=$2 before=${3:-} root=$TAP_TMP/root-$1 f n
	mkdir -p "$root"
	git -C "$MEDIA_ROOT" archive "$rev" sql tools/migrate.sh tools/env.sh | tar -x -C "$root"
	if [ -n "$before" ]; then
		for f in "$root"/sql/[0-9][0-9][0-9]_*.sql "$root"/sql/migrations/[0-9][0-9][0-9]_*.sql; do
			[ -e "$f" ] || continue
			n=$(basename "$f")
			if [ $((10#${n:0:3})) -ge $((10#$before)) ]; then rm "$f"; fi
		done
	fi
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

catalog() {
	psql -X -q -tA -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$MEDIA_PG_PORT" -U "$MEDIA_PG_USER" \
	    -f "$MEDIA_ROOT/tests/lib/catalog.sql" "$1"
}

drop_db() {
	psql -X -q -h 127.0.0.1 -p "$MEDIA_PG_PORT" -U postgres \
	    -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" postgres >/dev/null 2>&1
}
