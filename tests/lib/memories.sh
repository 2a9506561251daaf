# memories.sh: helpers of the memories tests (issue 13; source after tap.sh).
#
#   photo USER ID DAY_SQL [QUALITY]  a metadata row taken at 12:00 UTC of the
#                                  date the SQL expression DAY_SQL gives, e.g.
#                                  "today('UTC') - interval '2 years'"
#   off_zone                       Pacific/Kiritimati or Pacific/Pago_Pago,
#                                  whichever has another date than UTC now
#   ids                            .photo_ids of BODY, comma-joined
#   query USER JSON                POST /metadata/query; then `ids`

photo() {
	local day=${3//today(/media_local_today(}
	sql "INSERT INTO photo_metadata (file_id, user_id, quality_score, photo_taken_at)
	     VALUES (:'v2', :'v1', :'v3'::numeric,
	             (($day)::date + time '12:00') AT TIME ZONE 'UTC')" "$1" "$2" "${4:-0.5}" >/dev/null
}

off_zone() {
	if [ "$(TZ=Pacific/Kiritimati date +%F)" != "$(TZ=UTC date +%F)" ]; then
		echo Pacific/Kiritimati
	else
		echo Pacific/Pago_Pago
	fi
}

ids() { jq -r '[.photo_ids[]?] | join(",")' <<<"$BODY"; }

query() { api POST "/metadata/query?user_id=$1" "$2"; }
