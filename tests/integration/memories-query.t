#!/usr/bin/env bash
# memories-query.t: the calendar criteria of issue 13 in POST /metadata/query:
# on_this_day, years_ago, taken_within_days, "today" in the body's timezone
# (default UTC), a photo's day being the UTC date of photo_taken_at.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/memories.sh"

# One user per behaviour; photos at 12:00 UTC, so the UTC date is plain.
U=$(new_user)
photo "$U" "${U}_1y" "today('UTC') - interval '1 year'"
photo "$U" "${U}_5y" "today('UTC') - interval '5 years'" 0.9
photo "$U" "${U}_now" "today('UTC')"
query "$U" '{"on_this_day":true}'
is "$(ids)" "${U}_5y,${U}_1y" "on_this_day: today's month and day in earlier years, best first"
status_is 200 "on_this_day answers 200"

U=$(new_user)
photo "$U" "${U}_now" "today('UTC')"
query "$U" '{"on_this_day":true}'
is "$(ids)" "" "on_this_day leaves out a photo taken today (not an earlier year)"

U=$(new_user)
photo "$U" "${U}_y" "today('UTC') - interval '1 year' - interval '1 day'"
photo "$U" "${U}_t" "today('UTC') - interval '1 year' + interval '1 day'"
query "$U" '{"on_this_day":true}'
is "$(ids)" "" "on_this_day: yesterday and tomorrow a year ago are not today's"

U=$(new_user)
photo "$U" "${U}_y" "today('UTC') - interval '1 year' - interval '1 day'"
photo "$U" "${U}_t" "today('UTC') - interval '1 year' + interval '1 day'" 0.9
photo "$U" "${U}_2" "today('UTC') - interval '1 year' + interval '2 days'"
query "$U" '{"on_this_day":{"window_days":1}}'
is "$(ids)" "${U}_t,${U}_y" "on_this_day window_days 1: a day either side, not two"

U=$(new_user)
photo "$U" "${U}_yday" "today('UTC') - 1"
query "$U" '{"on_this_day":{"window_days":1}}'
is "$(ids)" "" "on_this_day with a window leaves out yesterday of this year"

U=$(new_user)
photo "$U" "${U}_2y" "today('UTC') - interval '2 years'"
photo "$U" "${U}_3y" "today('UTC') - interval '3 years'"
query "$U" '{"years_ago":2}'
is "$(ids)" "${U}_2y" "years_ago 2: exactly two years back"

U=$(new_user)
photo "$U" "${U}_2y" "today('UTC') - interval '2 years' - interval '1 day'"
query "$U" '{"years_ago":2,"on_this_day":{"window_days":1}}'
is "$(ids)" "${U}_2y" "years_ago takes on_this_day's window"

U=$(new_user)
photo "$U" "${U}_in" "today('UTC') - 29"
photo "$U" "${U}_out" "today('UTC') - 30"
query "$U" '{"taken_within_days":30}'
is "$(ids)" "${U}_in" "taken_within_days 30: the 30 days ending today; the 31st day back is out"

U=$(new_user)
photo "$U" "${U}_now" "today('UTC')"
photo "$U" "${U}_yday" "today('UTC') - 1"
query "$U" '{"taken_within_days":1}'
is "$(ids)" "${U}_now" "taken_within_days 1 is today only"

U=$(new_user)
photo "$U" "${U}_tmrw" "today('UTC') + 1"
query "$U" '{"taken_within_days":3650}'
is "$(ids)" "" "taken_within_days leaves out a photo dated tomorrow"

# A zone whose date is not UTC's right now: its today decides.
Z=$(off_zone)
U=$(new_user)
photo "$U" "${U}_z" "today('$Z') - interval '1 year'"
query "$U" "{\"on_this_day\":true,\"timezone\":\"$Z\"}"
is "$(ids)" "${U}_z" "timezone $Z: on_this_day of that zone's date"
query "$U" '{"on_this_day":true}'
is "$(ids)" "" "without timezone the day is UTC's (another date now)"
query "$U" '{"on_this_day":true,"timezone":"UTC"}'
is "$(ids)" "" "timezone UTC is the default"

# Feb 29 counts on Feb 28 in years without one (the SQL rule every reader
# uses, asked for fixed days; the day change test drives it end to end).
U=$(new_user)
photo "$U" "${U}_leap" "date '2024-02-29'"
photo "$U" "${U}_28" "date '2024-02-28'"
is "$(sql "SELECT string_agg(m.file_id, ',' ORDER BY m.file_id) FROM photo_metadata m
    WHERE m.user_id = :'v1' AND media_criteria_match(m, '{\"on_this_day\":true}', '2025-02-28')" "$U")" \
    "${U}_28,${U}_leap" "Feb 29 counts on Feb 28 of a year without one"
is "$(sql "SELECT string_agg(m.file_id, ',' ORDER BY m.file_id) FROM photo_metadata m
    WHERE m.user_id = :'v1' AND media_criteria_match(m, '{\"on_this_day\":true}', '2028-02-28')" "$U")" \
    "${U}_28" "but not on Feb 28 of a leap year"
is "$(sql "SELECT string_agg(m.file_id, ',' ORDER BY m.file_id) FROM photo_metadata m
    WHERE m.user_id = :'v1' AND media_criteria_match(m, '{\"on_this_day\":true}', '2028-02-29')" "$U")" \
    "${U}_leap" "Feb 29 of a leap year shows Feb 29 only"
is "$(sql "SELECT string_agg(m.file_id, ',' ORDER BY m.file_id) FROM photo_metadata m
    WHERE m.user_id = :'v1' AND media_criteria_match(m, '{\"years_ago\":1}', '2025-02-28')" "$U")" \
    "${U}_28,${U}_leap" "years_ago 1 on Feb 28, 2025 includes Feb 29, 2024"

U=$(new_user)
photo "$U" "${U}_q" "today('UTC') - interval '1 year'" 0.3
photo "$U" "${U}_hq" "today('UTC') - interval '1 year'" 0.8
query "$U" '{"on_this_day":true,"quality_score_min":0.5}'
is "$(ids)" "${U}_hq" "calendar criteria combine with the others (BR-M006)"

done_testing
