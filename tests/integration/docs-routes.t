#!/usr/bin/env bash
# docs-routes.t: docs/openapi.yaml and the running service agree: every
# documented route answers (is routed to its function, not nginx's or the
# function's unknown-route 404, nor a 405), and every route of every
# function's table and every nginx route location is documented.
. "$(dirname "$0")/../lib/tap.sh"

SPEC=$MEDIA_ROOT/docs/openapi.yaml
export NODE_PATH=$MEDIA_ROOT/docs/node_modules
# "METHOD PATH TAG" per documented operation.
ops=$(node -e '
	const spec = require("js-yaml").load(require("fs").readFileSync(process.argv[1], "utf8"));
	for (const [path, item] of Object.entries(spec.paths))
		for (const [m, op] of Object.entries(item))
			if (m !== "parameters") console.log(m.toUpperCase(), path, op.tags[0]);
' "$SPEC")
ok "$([ -n "$ops" ] && echo 1)" "docs/openapi.yaml parses ($(wc -l <<<"$ops") operations)"
is "$(sed -n 's/^openapi: //p' "$SPEC")" "3.1.0" "it is OpenAPI 3.1"

U=$(new_user)
while read -r method path fn; do
	# docs and frame are static pages nginx serves: no function behind them.
	if [ "$fn" != docs ] && [ "$fn" != frame ] && [ ! -x "$MEDIA_BIN_DIR/media-$fn" ]; then
		TAP_N=$((TAP_N + 1))
		echo "ok $TAP_N # SKIP $method $path: function $fn is not built in this tree"
		continue
	fi
	url=$MEDIA_TEST_URL$(sed -E 's/\{([a-z_]+)\}/doc_\1/g' <<<"$path")
	args=()
	case $method in POST|PUT) args=(-H 'Content-Type: application/json' --data-binary '{}') ;; esac
	case $path in /frame/|/api/v1/media/docs*|/api/v1/media/openapi.yaml|/health|/api/v1/media/health|/metrics) ;;
	*) url+="?user_id=$U" ;; esac
	code=$(curl -s -o "$TAP_TMP/body" -w '%{http_code}' -X "$method" "${args[@]}" "$url")
	detail=$(jq -r '.detail? // empty' "$TAP_TMP/body" 2>/dev/null)
	ok "$([ "$code" != 405 ] && [ "$code" != 000 ] &&
	    ! { [ "$code" = 404 ] && { [ "$detail" = "Not found" ] || [ "$detail" = "no such endpoint" ]; }; } && echo 1)" \
	    "documented $method $path is routed to $fn (answered $code${detail:+: $detail})"
done <<<"$ops"

# Normalised "METHOD /path/{}" of the documentation and of the route
# tables (which name their parameters, {playlist_id}, as the docs do).
documented=$(awk '{ print $1, $2 }' <<<"$ops" | sed -E 's/\{[a-z_]+\}/{}/g')
for main in "$MEDIA_ROOT"/functions/*/main.c; do
	fn=$(basename "$(dirname "$main")")
	[ "$fn" = listener ] && continue
	while read -r method path; do
		ok "$(grep -qxF "$method $path" <<<"$documented" && echo 1)" \
		    "route $method $path of functions/$fn is documented"
	done < <(grep -oE '\{[[:space:]]*M_[A-Z]+,[[:space:]]*(API[[:space:]]*)?"[^"]*"' "$main" |
	    sed -E 's/\{[[:space:]]*M_([A-Z]+),[[:space:]]*(API[[:space:]]*)?"([^"]*)"/\1 \2\3/; s/^([A-Z]+) API[[:space:]]*/\1 \/api\/v1\/media/; s/\{[a-z_]+\}/{}/g')
done
for conf in "$MEDIA_ROOT"/nginx/routes/*.conf; do
	while read -r _ kind loc; do
		found=""
		while read -r doc; do
			# = : that path, or an asset of a documented page under it;
			# ^~: a prefix of documented paths.
			case $kind:$loc in
			"=:$doc"|"=:$doc"/*) found=1 ;;
			"^~:"*) case $doc in "$loc"*) found=1 ;; esac ;;
			esac
		done < <(awk '{ print $2 }' <<<"$documented")
		ok "$found" "nginx location $kind $loc ($(basename "$conf")) is documented"
	done < <(grep -oE '^location +(=|\^~) +[^ ]+' "$conf")
done
done_testing
