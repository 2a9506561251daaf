#!/usr/bin/env bash
# log-long-path.t: a request whose path fills the log line still gets its
# JSON answer and exactly one log line that is valid JSON (issue 10, 6).
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
mark="m$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
log="$MEDIA_LOG_DIR/playlists.log"

for n in 3900 4090; do
	id="$mark$n$(printf 'a%.0s' $(seq "$n"))"
	api GET "/playlists/$id?user_id=$U"
	status_is 400 "a $n-byte playlist id in the path answers 400"
	jq_is .field playlist_id "naming playlist_id"
	sleep 0.2
	lines=$(grep -a -c "$mark$n" "$log")
	is "$lines" 1 "the request is logged on one line"
	line=$(grep -a "$mark$n" "$log" | tail -1)
	is "$(grep -a "$mark$n" "$log" | tr -cd '\000' | wc -c)" 0 "the line holds no NUL byte"
	is "$(jq -r .user_id <<<"$line" 2>/dev/null)" "$U" "and is one JSON object with every field"
	is "$(jq -r .status <<<"$line" 2>/dev/null)" 400 "status included"
	ok "$(jq -r .path <<<"$line" 2>/dev/null | grep -q "^/api/v1/media/playlists/$mark$n" && echo 1)" \
	    "and the path's start"
done

done_testing
