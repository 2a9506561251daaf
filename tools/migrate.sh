#!/usr/bin/env bash
# migrate.sh: create the role and database if missing, then apply each
# sql/NNN_*.sql once, in order, each in its own transaction together with
# its row in schema_migrations. Talks to PostgreSQL directly, not pgbouncer.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

export PGOPTIONS="-c client_min_messages=warning"
psql_super() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$MEDIA_PG_PORT" -U postgres "$@"; }
psql_media() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$MEDIA_PG_PORT" -U "$MEDIA_PG_USER" "$@" "$MEDIA_PG_DB"; }

if [ -z "$(echo "SELECT 1 FROM pg_roles WHERE rolname = :'u'" | psql_super -tA -v u="$MEDIA_PG_USER" postgres)" ]; then
	psql_super -v u="$MEDIA_PG_USER" postgres <<-'SQL'
	CREATE ROLE :"u" LOGIN;
	-- A runaway statement must not hold a pooled connection for long.
	ALTER ROLE :"u" SET statement_timeout = '10s';
	ALTER ROLE :"u" SET idle_in_transaction_session_timeout = '30s';
	SQL
fi
if [ -z "$(echo "SELECT 1 FROM pg_database WHERE datname = :'d'" | psql_super -tA -v d="$MEDIA_PG_DB" postgres)" ]; then
	psql_super -v u="$MEDIA_PG_USER" -v d="$MEDIA_PG_DB" postgres <<-'SQL'
	CREATE DATABASE :"d" OWNER :"u";
	SQL
fi

psql_media <<-'SQL'
CREATE TABLE IF NOT EXISTS schema_migrations (
    version TEXT PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
SQL

applied=$(psql_media -tA -c 'SELECT version FROM schema_migrations')
for f in "$MEDIA_ROOT"/sql/[0-9][0-9][0-9]_*.sql; do
	[ -e "$f" ] || continue
	v=$(basename "$f" .sql)
	grep -qxF "$v" <<<"$applied" && continue
	echo "migrate: applying $v" >&2
	{ cat "$f"; printf "\nINSERT INTO schema_migrations (version) VALUES ('%s');\n" "$v"; } |
	    psql_media -1 -f - >/dev/null
done
