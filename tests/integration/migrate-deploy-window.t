#!/usr/bin/env bash
# migrate-deploy-window.t: a live deploy migrates before it replaces the
# binaries (tools/migrate.sh). `migrate.sh --before-deploy` on a database of
# the release before the JSON-in-C change (the single-layout sql/, from git
# history) applies every migration but those marked "-- migrate: after
# deploy" (053, 054), so the functions the old binaries call still answer
# while they run; a plain `migrate.sh` afterwards applies those two, and the
# schema ends as a fresh database's.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/migrate.sh"

DB=media_win_$$
FRESH=media_win_fresh_$$
old_db "$DB" "$OLD_SQL_REV"
q() { db_sql "$DB" "$@"; }
q "INSERT INTO playlists (playlist_id, name, user_id, playlist_type, photo_ids)
   VALUES ('pl_old', 'Old', 'ua', 'manual', '[\"p1\"]')" >/dev/null
# What the old binaries call: playlists' GET, PUT /metadata and the listener's
# store, the cache entries.
old_calls="SELECT media_playlist_json(p)->>'playlist_id' FROM playlists p;
SELECT media_metadata_changed('ua', 'p1') IS NULL;
SELECT count(*) FROM photo_cache c WHERE media_cache_json(c) IS NOT NULL"
is "$(q "$old_calls" | tr '\n' ' ')" "pl_old t 0 " "setup: the old release's functions answer"

marked=$(grep -lxF -- '-- migrate: after deploy' "$MEDIA_ROOT"/sql/migrations/*.sql |
    xargs -n1 basename | sed 's/\.sql$//' | tr '\n' ' ')
is "$marked" "053_json_in_c 054_events_by_trigger " "053 and 054 are marked to wait for the deploy"

MEDIA_PG_DB=$DB "$MEDIA_ROOT/tools/migrate.sh" --before-deploy 2>"$TAP_TMP/before"
ok "$([ $? = 0 ] && echo 1)" "migrate.sh --before-deploy upgrades it"
ok "$(grep -q '053_json_in_c waits until after the deploy' "$TAP_TMP/before" && echo 1)" "it says 053 waits"
is "$(q "SELECT count(*) FROM schema_migrations WHERE version IN ('053_json_in_c', '054_events_by_trigger')")" 0 \
    "053 and 054 are not applied"
n_files=$(ls "$MEDIA_ROOT"/sql/migrations/[0-9][0-9][0-9]_*.sql | wc -l)
is "$(q "SELECT count(*) FROM schema_migrations")" $((n_files - 2)) "every other migration is"
is "$(q "SELECT count(*) FROM pg_proc WHERE proname IN ('media_best_first', 'media_cache_drop_stale')")" 2 \
    "sql/functions of this release are applied"
is "$(q "$old_calls" | tr '\n' ' ')" "pl_old t 0 " \
    "the old release's functions still answer while its binaries run"
is "$(q "SELECT count(*) FROM playlists WHERE playlist_id = 'pl_old'")" 1 "the row is kept"

MEDIA_PG_DB=$DB "$MEDIA_ROOT/tools/migrate.sh" 2>"$TAP_TMP/after"
ok "$([ $? = 0 ] && echo 1)" "then migrate.sh applies the rest"
is "$(sed -n 's/^migrate: applying \([0-9]\)/\1/p' "$TAP_TMP/after" | tr '\n' ' ')" \
    "053_json_in_c 054_events_by_trigger " "those are the two that waited"
is "$(q "SELECT count(*) FROM pg_proc WHERE proname IN ('media_playlist_json',
    'media_metadata_changed', 'media_cache_json')")" 0 "the old release's functions are gone"
MIGRATE_DBS+=("$FRESH")
migrate_db "$FRESH"
is "$(diff <(catalog "$FRESH") <(catalog "$DB"))" "" "its schema is a fresh database's"

MEDIA_PG_DB=$DB "$MEDIA_ROOT/tools/migrate.sh" --later 2>"$TAP_TMP/bad"
is "$?" 2 "an unknown option is refused (exit 2)"
ok "$(grep -qF 'usage: migrate.sh [--before-deploy]' "$TAP_TMP/bad" && echo 1)" "with the usage"
done_testing
