#!/usr/bin/env bash
# nginx-config.sh: render the router's configuration on a systemd host
# (installed as media-nginx-config, run by media-nginx.service before each
# start and reload) from the same templates as the dev stack: a route file
# for each installed function, plus the docs page and the frame player.
#
# Environment (media.env): MEDIA_NGINX_TEMPLATES (the installed nginx/),
# NGINX_DIR (output, /run/media-service/nginx) and the MEDIA_* the
# templates name.
set -euo pipefail
: "${MEDIA_NGINX_TEMPLATES:?set in media.env}" "${NGINX_DIR:?}"
: "${MEDIA_INTERNAL_NETS:=127.0.0.1/32 ::1/128}" "${MEDIA_LOG_DIR:=/var/log/media-service}"
: "${MEDIA_ACCESS_LOG:=$MEDIA_LOG_DIR/access.log}" "${MEDIA_NGINX_USER:=www-data}"
libexec=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

NGINX_USER_LINE="user $MEDIA_NGINX_USER;"
NGINX_ACCESS_LOG="$MEDIA_ACCESS_LOG media"
[ "$MEDIA_ACCESS_LOG" = off ] && NGINX_ACCESS_LOG=off
NGINX_INTERNAL_GEO=""
for net in $MEDIA_INTERNAL_NETS; do
	NGINX_INTERNAL_GEO+="        $net 1;"$'\n'
done
export NGINX_DIR NGINX_USER_LINE NGINX_INTERNAL_GEO NGINX_ACCESS_LOG

render() {
	envsubst "$(env | sed -n 's/^\(MEDIA_[A-Z0-9_]*\|NGINX_[A-Z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')" \
	    <"$1" >"$2"
}

# dev/ stays empty: nginx/dev/*.conf (the dev stack's /storage/ folder)
# is never part of the production router (issue 10, finding 9).
mkdir -p "$NGINX_DIR/routes" "$NGINX_DIR/dev" "$NGINX_DIR/tmp"
rm -f "$NGINX_DIR"/routes/*.conf "$NGINX_DIR"/dev/*.conf
cp /etc/nginx/mime.types "$NGINX_DIR/mime.types"
cp "$MEDIA_NGINX_TEMPLATES/fastcgi_media.conf" "$NGINX_DIR/fastcgi_media.conf"
for f in "$MEDIA_NGINX_TEMPLATES"/routes/*.conf; do
	fn=$(basename "$f" .conf)
	[ "$fn" = docs ] || [ "$fn" = frame ] || [ -x "$libexec/media-$fn" ] || continue
	render "$f" "$NGINX_DIR/routes/$fn.conf"
done
render "$MEDIA_NGINX_TEMPLATES/nginx.conf.in" "$NGINX_DIR/nginx.conf"
exec nginx -q -t -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR"
