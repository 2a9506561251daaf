#!/usr/bin/env bash
# versions-concurrency.t: BR-M001 and BR-M002 hold under concurrent
# requests: one current version per photo, numbers unique and gap-free.
. "$(dirname "$0")/../lib/tap.sh"

U=$(new_user)
P=photo_$U
N=20

# create N: the N requests at once, each writing its status and body.
pids=()
for i in $(seq $N); do
	curl -s -o "$TAP_TMP/c$i" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	    --data-binary '{"version_name":"v'"$i"'","version_type":"'"$([ "$i" = 1 ] && echo original || echo ai_enhanced)"'","file_id":"f'"$i"'"}' \
	    "$API/photos/$P/versions?user_id=$U" >"$TAP_TMP/s$i" &
	pids+=($!)
done
wait "${pids[@]}"
codes=$(cat "$TAP_TMP"/s* | fold -w3 | sort | uniq -c | tr -s ' ' | xargs)
is "$codes" "$N 201" "$N concurrent creates for one photo all answer 201"

api GET "/photos/$P/versions?user_id=$U&limit=100"
jq_is 'length' "$N" "all $N versions exist"
jq_is '[.[].version_number]|sort|map(tostring)|join(",")' "$(seq -s, $N)" \
    "their numbers are exactly 1..$N: unique and gap-free"
jq_is '[.[]|select(.is_current)]|length' 1 "exactly one version is current (BR-M001)"
jq_is '[.[]|select(.is_current)|.version_number]|join(",")' "$N" "and it is the last one created"
n=$(sql "SELECT count(*) FROM outbox WHERE event_type = 'media.version.created' AND payload->>'photo_id' = :'v1'" "$P")
is "$n" "$N" "each create wrote its media.version.created"

# Concurrent switches and deletes (BR-M001, BR-M002): of the versions
# other than the original, every other one is made current while the rest
# are deleted, and the original is deleted too.
orig=$(jq -r '.[]|select(.version_type == "original")|.version_id' <<<"$BODY")
mapfile -t ids < <(jq -r '.[]|select(.version_type != "original")|.version_id' <<<"$BODY")
pids=()
for i in $(seq 0 $((N - 2))); do
	if [ $((i % 2)) = 0 ]; then
		curl -s -o /dev/null -X PUT "$API/photos/$P/versions/${ids[$i]}/current?user_id=$U" &
	else
		curl -s -o /dev/null -X DELETE "$API/photos/$P/versions/${ids[$i]}?user_id=$U" &
	fi
	pids+=($!)
done
curl -s -o /dev/null -X DELETE "$API/photos/$P/versions/$orig?user_id=$U" &
pids+=($!)
wait "${pids[@]}"

api GET "/photos/$P/versions?user_id=$U&limit=100"
jq_is 'length' $((N / 2 + 1)) "the $((N / 2 - 1)) deleted versions are gone, the others remain"
jq_is '[.[]|select(.is_current)]|length' 1 "exactly one version is still current"
jq_is "[.[]|select(.version_id == \"$orig\")]|length" 1 "the original survived a concurrent delete (BR-M002)"
n=$(sql "SELECT count(*) FROM photo_versions WHERE photo_id = :'v1' AND is_current" "$P")
is "$n" 1 "and the table agrees: one current row"
n=$(sql "SELECT count(*) FROM outbox WHERE event_type = 'media.version.deleted' AND payload->>'photo_id' = :'v1'" "$P")
is "$n" $((N / 2 - 1)) "each delete wrote its media.version.deleted, the refused one none"

done_testing
