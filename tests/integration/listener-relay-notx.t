#!/usr/bin/env bash
# listener-relay-notx.t: the relay holds no transaction (and so no pooled
# pgbouncer connection) while it waits for JetStream's acks (issue 10,
# finding 11): rows are leased in one short statement, published, then
# marked in another.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/listener.sh"

U=$(new_user)

# Sample pg_stat_activity every 5 ms for 4 s; count sightings of a session
# idle inside a transaction whose last statement touched the outbox.
sample() {
	sql "BEGIN;
	DO \$\$ DECLARE seen int := 0; BEGIN
	    FOR i IN 1..800 LOOP
	        PERFORM pg_stat_clear_snapshot();
	        seen := seen + (SELECT count(*) FROM pg_stat_activity
	            WHERE state LIKE 'idle in transaction%' AND query ILIKE '%outbox%'
	              AND pid <> pg_backend_pid());
	        PERFORM pg_sleep(0.005);
	    END LOOP;
	    PERFORM set_config('media_test.seen', seen::text, true);
	END \$\$;
	SELECT current_setting('media_test.seen');
	COMMIT;"
}

sample >"$TAP_TMP/seen" &
spid=$!
sleep 0.3
sql "INSERT INTO outbox (event_type, aggregate_id, payload)
     SELECT 'media.test.notx', :'v1' || (g % 7), jsonb_build_object('seq', g, 'u', :'v1'::text)
     FROM generate_series(1, 3000) g" "$U"
wait "$spid"
is "$(tail -1 "$TAP_TMP/seen")" 0 "no relay session sat idle in a transaction while publishing"
is "$(wait_sql 0 "SELECT count(*) FROM outbox WHERE aggregate_id LIKE :'v1' || '%' AND published_at IS NULL" "$U")" 0 \
    "all 3000 rows are published"
is "$(sql "SELECT count(*) FROM outbox WHERE aggregate_id LIKE :'v1' || '%' AND leased_until IS NOT NULL" "$U")" 0 \
    "and no lease is left on a published row"
got=$(natsctl dump MEDIA_EVENTS media.test.notx | cut -f3 | jq -r --arg u "$U" 'select(.u == $u) | "\(.seq % 7) \(.seq)"')
is "$(wc -l <<<"$got")" 3000 "JetStream holds each once"
inorder=1
for k in 0 1 2 3 4 5 6; do
	s=$(awk -v k="$k" '$1 == k { print $2 }' <<<"$got")
	[ "$s" = "$(sort -n <<<"$s")" ] || inorder=
done
ok "$inorder" "in commit order within each aggregate"

done_testing
