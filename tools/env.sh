# env.sh: the stack's configuration, MEDIA_* variables with their defaults.
# Sourced by every script in tools/; the README's configuration table lists
# the same names. Anything set in the environment wins over a default.

MEDIA_ROOT=${MEDIA_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

: "${MEDIA_VAR_DIR:=$MEDIA_ROOT/var}"
case $MEDIA_VAR_DIR in /*) ;; *) MEDIA_VAR_DIR=$PWD/$MEDIA_VAR_DIR ;; esac
: "${MEDIA_HTTP_PORT:=8222}"
: "${MEDIA_HTTP_ADDR:=127.0.0.1}"
: "${MEDIA_PG_PORT:=15432}"
: "${MEDIA_PGBOUNCER_PORT:=16432}"
: "${MEDIA_NATS_PORT:=14222}"
: "${MEDIA_PG_HOST:=127.0.0.1}"
: "${MEDIA_PG_DB:=media}"
: "${MEDIA_PG_USER:=media}"
: "${MEDIA_PG_POOL_SIZE:=20}"
: "${MEDIA_NATS_URL:=nats://127.0.0.1:$MEDIA_NATS_PORT}"
: "${MEDIA_BIN_DIR:=$MEDIA_ROOT/build/release/bin}"
: "${MEDIA_RUN_DIR:=$MEDIA_VAR_DIR/run}"
: "${MEDIA_LOG_DIR:=$MEDIA_VAR_DIR/log}"
: "${MEDIA_CACHE_DIR:=$MEDIA_VAR_DIR/cache}"
: "${MEDIA_STORAGE_DIR:=$MEDIA_VAR_DIR/storage}"
: "${MEDIA_PUBLIC_URL:=http://127.0.0.1:$MEDIA_HTTP_PORT}"
# Not ${VAR:=...}: the first "}" of {user_id} would end that expansion.
[ -n "${MEDIA_STORAGE_URL_TEMPLATE:-}" ] ||
    MEDIA_STORAGE_URL_TEMPLATE="$MEDIA_PUBLIC_URL/storage/{user_id}/{file_id}"
: "${MEDIA_AI_URL:=}"
: "${MEDIA_WORKERS:=12}"
: "${MEDIA_INTERNAL_NETS:=127.0.0.1/32 ::1/128}"
: "${MEDIA_LOG_LEVEL:=info}"
: "${MEDIA_DOCS_DIR:=$MEDIA_ROOT/build/docs}"
: "${MEDIA_FRAME_DIR:=$MEDIA_ROOT/build/frame}"

# Unprivileged accounts: PostgreSQL and pgbouncer refuse to run as root, and
# the FastCGI workers and nginx workers should not either.
: "${MEDIA_PG_OS_USER:=postgres}"
: "${MEDIA_RUN_USER:=www-data}"

export MEDIA_ROOT MEDIA_VAR_DIR MEDIA_HTTP_PORT MEDIA_PG_PORT MEDIA_PGBOUNCER_PORT \
    MEDIA_NATS_PORT MEDIA_PG_HOST MEDIA_PG_DB MEDIA_PG_USER MEDIA_PG_POOL_SIZE \
    MEDIA_NATS_URL MEDIA_BIN_DIR MEDIA_RUN_DIR MEDIA_LOG_DIR MEDIA_CACHE_DIR \
    MEDIA_STORAGE_DIR MEDIA_PUBLIC_URL MEDIA_STORAGE_URL_TEMPLATE MEDIA_AI_URL \
    MEDIA_WORKERS MEDIA_INTERNAL_NETS MEDIA_LOG_LEVEL MEDIA_PG_OS_USER MEDIA_RUN_USER \
    MEDIA_HTTP_ADDR MEDIA_DOCS_DIR MEDIA_FRAME_DIR

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DATA=$MEDIA_VAR_DIR/pg/data
PGB_DIR=$MEDIA_VAR_DIR/pgbouncer
NGINX_DIR=$MEDIA_VAR_DIR/nginx
NATS_DIR=$MEDIA_VAR_DIR/nats

# as_user USER CMD...: run CMD as USER when we are root, as ourselves otherwise.
as_user() {
	local user=$1
	shift
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$user" -- "$@"
	else
		"$@"
	fi
}
