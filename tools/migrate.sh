#!/usr/bin/env bash
# migrate.sh: create the role and database if missing, apply each pending
# sql/migrations/NNN_*.sql once, in order, each in its own transaction
# together with its row in schema_migrations; then apply sql/functions/
# (every function, trigger and view, the definitions in force) in one
# transaction, as Flyway applies repeatable migrations. Talks to PostgreSQL
# directly, not pgbouncer.
#
# Live deploy (ops-deploy.t migrates under a running stack): CREATE OR
# REPLACE FUNCTION takes no table lock (callers see the old or the new
# body), but CREATE OR REPLACE TRIGGER and DROP/CREATE of the constraint
# trigger take SHARE ROW EXCLUSIVE / ACCESS EXCLUSIVE on their tables
# (playlists, photo_cache, ... until the commit: a few ms). Queued behind
# a long transaction, such a lock would stall every writer queued after it,
# so the functions transaction runs with a short lock_timeout and is
# retried. And it runs only when something changed: the files' checksum
# differs from the one recorded in schema_functions, or a migration was
# applied in this run (a migration may have dropped a view or function the
# files recreate). A second run with nothing new takes no lock at all.
#
# The deploy window (expand, then contract): a migration that removes what
# the running binaries still call (053 dropped the JSON functions the old
# playlists binary read with) says so in a line of its own,
#   -- migrate: after deploy
# and `migrate.sh --before-deploy` leaves it for later: run that, replace
# every function's binaries, then `migrate.sh` (every migration: what
# `stack.sh start` runs, as nothing older is running then). Such a
# migration only drops: nothing after it may need it, and a drop that
# sql/functions needs before it can recreate an object (a new result type)
# is not one (it runs with the rest).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

before_deploy=false
case ${1:-} in
--before-deploy) before_deploy=true ;;
'') ;;
*) echo "usage: migrate.sh [--before-deploy]" >&2; exit 2 ;;
esac

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
CREATE TABLE IF NOT EXISTS schema_functions (
    id BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    checksum TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
SQL

applied=$(psql_media -tA -c 'SELECT version FROM schema_migrations')
n_applied=0
for f in "$MEDIA_ROOT"/sql/migrations/[0-9][0-9][0-9]_*.sql; do
	[ -e "$f" ] || continue
	v=$(basename "$f" .sql)
	grep -qxF "$v" <<<"$applied" && continue
	if $before_deploy && grep -qxF -- '-- migrate: after deploy' "$f"; then
		echo "migrate: $v waits until after the deploy (run migrate.sh again then)" >&2
		continue
	fi
	echo "migrate: applying $v" >&2
	{ cat "$f"; printf "\nINSERT INTO schema_migrations (version) VALUES ('%s');\n" "$v"; } |
	    psql_media -1 -f - >/dev/null
	n_applied=$((n_applied + 1))
done

# The files in a fixed order, by their numbered prefix: an SQL function's
# body is checked when it is created, so what it calls comes first (10
# common helpers, 20 metadata and criteria, 30 playlists, 40 stamps, 50
# cache, 60 frames, 70 schedules, which queue through 50, 75 the manifest,
# which reads 70, 80 outbox, 90 metrics). plpgsql bodies and the functions
# a trigger runs are resolved when they run.
fn_files=("$MEDIA_ROOT"/sql/functions/[0-9][0-9]_*.sql)
[ -e "${fn_files[0]}" ] || exit 0
sum=$(cat "${fn_files[@]}" | sha256sum | cut -d' ' -f1)
[ "$n_applied" -eq 0 ] &&
    [ "$(psql_media -tA -c 'SELECT checksum FROM schema_functions')" = "$sum" ] && exit 0
echo "migrate: applying sql/functions" >&2
err=$(mktemp)
trap 'rm -f "$err"' EXIT
for try in 1 2 3 4 5; do
	if { echo "SET LOCAL lock_timeout = '2s';"
	     cat "${fn_files[@]}"
	     printf "\nINSERT INTO schema_functions (checksum) VALUES ('%s')
	         ON CONFLICT (id) DO UPDATE SET checksum = excluded.checksum, applied_at = now();\n" "$sum"
	   } | psql_media -1 -f - >/dev/null 2>"$err"; then
		exit 0
	fi
	grep -q 'lock timeout' "$err" || break
	echo "migrate: sql/functions waited too long for a lock (try $try), again" >&2
	sleep "$try"
done
cat "$err" >&2
exit 1
