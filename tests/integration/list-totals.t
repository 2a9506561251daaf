#!/usr/bin/env bash
# list-totals.t: X-Total-Count of a list page (shared/listpage.c): told by
# the page itself when it is not full (offset + rows), counted when it is
# full or empty past the start; each case for playlists and versions.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
for n in 1 2 3; do api POST "/playlists?user_id=$U" "{\"name\":\"p$n\"}"; done
P=photo_$U
for n in 1 2 3; do
	api POST "/photos/$P/versions?user_id=$U" \
	    "{\"version_name\":\"v$n\",\"version_type\":\"ai_enhanced\",\"file_id\":\"f$n\"}"
done
status_is 201 "setup: 3 playlists and 3 versions"

page() { # PATH QUERY -> "count total"
	api GET "$1?user_id=$U&$2"
	echo "$(jq length <<<"$BODY") $(header X-Total-Count | tr -d '\r')"
}
for path in /playlists "/photos/$P/versions"; do
	is "$(page "$path" "limit=5")" "3 3" "$path: a page that is not full tells the total"
	is "$(page "$path" "limit=3")" "3 3" "$path: a full page counts it"
	is "$(page "$path" "limit=2")" "2 3" "$path: a full page short of the end counts it"
	is "$(page "$path" "limit=2&offset=2")" "1 3" "$path: the last, partial page: offset + rows"
	is "$(page "$path" "limit=2&offset=3")" "0 3" "$path: an empty page at the end counts it"
	is "$(page "$path" "limit=2&offset=9")" "0 3" "$path: an empty page past the end too"
done
api GET "/playlists?user_id=$(new_user)"
is "$BODY $(header X-Total-Count | tr -d '\r')" "[] 0" "no playlists: [] and 0, no count needed"
api GET "/playlists?user_id=$U&limit=2"
is "$(jq -r '.[0].name, .[1].name' <<<"$BODY" | paste -sd,)" "p3,p2" "newest first"
done_testing
