#!/usr/bin/env bash
# docs-page.t: the docs page at /api/v1/media/docs renders in headless
# Chromium from our own nginx (Redoc bundle, no CDN): every documented
# operation is listed, and a screenshot is kept in build/screenshots/.
# No Chromium, or one that cannot start, is a failure, never a pass.
. "$(dirname "$0")/../lib/tap.sh"

SHOT_DIR=$MEDIA_ROOT/build/screenshots
SHOT=$SHOT_DIR/docs-page.png
mkdir -p "$SHOT_DIR"
rm -f "$SHOT"
URL=$MEDIA_TEST_URL/api/v1/media/docs

api GET "$URL"
status_is 200 "GET /api/v1/media/docs answers 200"
ok "$(grep -q 'text/html' <<<"$(header Content-Type)" && echo 1)" "as HTML"
ok "$(grep -q 'src="/api/v1/media/docs/redoc.standalone.js"' <<<"$BODY" && ! grep -qE 'src="(https?:)?//' <<<"$BODY" && echo 1)" \
    "the page loads Redoc from this server, nothing from a CDN"
api GET "$MEDIA_TEST_URL/api/v1/media/docs/redoc.standalone.js"
status_is 200 "the Redoc bundle is served"
api GET "$MEDIA_TEST_URL/api/v1/media/openapi.yaml"
status_is 200 "GET /api/v1/media/openapi.yaml answers 200"
is "$BODY" "$(cat "$MEDIA_ROOT/docs/openapi.yaml")" "and serves docs/openapi.yaml as is"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
ok "$CHROMIUM" "chromium is installed (make deps installs it)"
# Flags for a closed network: no background fetches, a fresh profile.
chrome() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$(mktemp -d "$TAP_TMP/profile.XXXX")" \
	    --virtual-time-budget=20000 "$@" 2>>"$TAP_TMP/chromium.log"
}
chrome --dump-dom "$URL" >"$TAP_TMP/dom.html"
rc=$?
ok "$([ $rc = 0 ] && [ -s "$TAP_TMP/dom.html" ] && echo 1)" "headless chromium loaded the page (exit $rc)"
[ $rc = 0 ] || tail -5 "$TAP_TMP/chromium.log" | sed 's/^/#   /'
ok "$(grep -q 'Media service API' "$TAP_TMP/dom.html" && echo 1)" "Redoc rendered the title"

# Every documented operation: its path and its summary are on the page.
export NODE_PATH=$MEDIA_ROOT/docs/node_modules
while IFS=$'\t' read -r method path summary; do
	ok "$(grep -qF "$path" "$TAP_TMP/dom.html" && grep -qF "$summary" "$TAP_TMP/dom.html" && echo 1)" \
	    "the page lists $method $path ($summary)"
done < <(node -e '
	const spec = require("js-yaml").load(require("fs").readFileSync(process.argv[1], "utf8"));
	for (const [path, item] of Object.entries(spec.paths))
		for (const [m, op] of Object.entries(item))
			if (m !== "parameters") console.log([m.toUpperCase(), path, op.summary].join("\t"));
' "$MEDIA_ROOT/docs/openapi.yaml")

chrome --window-size=1400,1800 --screenshot="$SHOT" "$URL" >/dev/null
ok "$([ "$(head -c 8 "$SHOT" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
    [ "$(stat -c %s "$SHOT")" -gt 20000 ] && echo 1)" "a screenshot of the page is saved: $SHOT"
done_testing
