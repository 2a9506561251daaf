# cache.sh: helpers of the schedules and cache tests (source after tap.sh).
#
#   cache_path USER FRAME CACHE_ID [EXT]   the file an entry's download writes
#   mark_cached CACHE_ID [CONTENT]         do what the download worker does when
#                                          it succeeds: write the file (owned by
#                                          the workers' user), mark the row
#                                          cached, drop its job
#   local_hm MINUTES TZ / local_dow MINUTES TZ
#                                          HH:MM and day (0 = Monday) in TZ at
#                                          now + MINUTES
#   zone_at_hour HOUR                      an Etc/GMT zone whose clock now shows HOUR

cache_path() { echo "$MEDIA_CACHE_DIR/$1/$2/$3.${4:-jpg}"; }

mark_cached() {
	local id=$1 content=${2:-"photo bytes of $1"} row u f path
	row=$(sql "SELECT user_id || ' ' || frame_id FROM photo_cache WHERE cache_id = :'v1'" "$id")
	read -r u f <<<"$row"
	path=$(cache_path "$u" "$f" "$id")
	mkdir -p "$(dirname "$path")"
	printf '%s' "$content" >"$path"
	# The workers (and so DELETE /cache) run as MEDIA_RUN_USER when we are root.
	[ "$(id -u)" = 0 ] && chown -R "${MEDIA_RUN_USER:-www-data}" "$MEDIA_CACHE_DIR/$u"
	# One transaction, the job first: a running download worker skips the
	# locked job and cannot take the entry back to 'downloading'.
	sql "BEGIN; DELETE FROM cache_jobs WHERE cache_id = :'v1';
	     UPDATE photo_cache SET cache_status = 'cached', cached_url = :'v2', local_path = :'v3',
	     cache_size = :'v4', expires_at = now() + interval '30 days', updated_at = now()
	     WHERE cache_id = :'v1'; COMMIT" \
	    "$id" "$MEDIA_TEST_URL/cached/$u/$f/$id.jpg" "$path" "${#content}" >/dev/null
}

local_hm() { TZ=$2 date -d "$1 minutes" +%H:%M; }
local_dow() { echo $(( $(TZ=$2 date -d "$1 minutes" +%u) - 1 )); }

zone_at_hour() {
	local off=$(( ($1 - 10#$(date -u +%H) + 48) % 24 ))
	[ "$off" -gt 14 ] && off=$((off - 24))
	if [ "$off" -gt 0 ]; then echo "Etc/GMT-$off"	# POSIX sign: GMT-9 is UTC+9
	elif [ "$off" -lt 0 ]; then echo "Etc/GMT+$((-off))"
	else echo "Etc/GMT"; fi
}
