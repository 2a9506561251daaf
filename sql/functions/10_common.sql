-- 10_common.sql: small SQL functions every domain shares: RFC 3339
-- rendering, JSON arrays as text[], date ranges, orientation and faces,
-- time windows, and the day arithmetic of memories (issue 13). Most are
-- immutable: with constant arguments PostgreSQL evaluates them once, at
-- plan time. media_month_day and media_photo_day, which indexes are built
-- on, are in sql/migrations/044_memories.sql (see there why).

-- RFC 3339 UTC, second precision (contract §2).
CREATE OR REPLACE FUNCTION media_ts(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;

-- A JSON array of strings as text[], for the ?| operator. Immutable, so a
-- constant argument is evaluated once at plan time.
CREATE OR REPLACE FUNCTION media_text_array(a jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ARRAY(SELECT jsonb_array_elements_text(a)) $$;

-- date_range bounds: a bare date covers its whole UTC day (inclusive range).
-- Callers pass only validated values that carry a zone or are bare dates, so
-- the result does not depend on the session time zone: immutable is true.
CREATE OR REPLACE FUNCTION media_range_start(s text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN length(s) = 10 THEN s::date::timestamp AT TIME ZONE 'UTC'
               ELSE s::timestamptz END $$;

CREATE OR REPLACE FUNCTION media_range_end(s text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN length(s) = 10
               THEN (s::date + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 microsecond'
               ELSE s::timestamptz END $$;

-- landscape | portrait | square from the stored pixel size; NULL if unknown.
CREATE OR REPLACE FUNCTION media_orientation(w int, h int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN w > h THEN 'landscape' WHEN h > w THEN 'portrait'
               WHEN w = h THEN 'square' END $$;

-- face_detection holds {"count": n} and/or {"faces": [...]}; absent: none.
CREATE OR REPLACE FUNCTION media_has_faces(fd jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE
       WHEN jsonb_typeof(fd -> 'count') = 'number' THEN (fd ->> 'count')::numeric > 0
       WHEN jsonb_typeof(fd -> 'faces') = 'array' THEN jsonb_array_length(fd -> 'faces') > 0
       ELSE false END $$;

-- Time windows are evaluated by PostgreSQL in the schedule's IANA zone:
-- now() AT TIME ZONE timezone gives the wall clock there, daylight saving
-- included. A window is [start_time, end_time): 09:00-17:00 ends at 17:00.
-- When end_time <= start_time the window wraps midnight (22:00-06:00), and
-- start_time = end_time is a whole day from start_time. days_of_week
-- (0 = Monday) name the day a window STARTS: Friday 22:00-06:00 holds
-- Friday 23:00 and Saturday 02:00, not Friday 02:00.

-- Minutes after midnight of a validated "HH:MM".
CREATE OR REPLACE FUNCTION media_hhmm_minutes(hm text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT split_part(hm, ':', 1)::int * 60 + split_part(hm, ':', 2)::int $$;

-- Does the window start_hm-end_hm on days hold the wall-clock time local?
CREATE OR REPLACE FUNCTION media_window_holds(start_hm text, end_hm text, days jsonb, local timestamp)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN start_hm IS NULL OR end_hm IS NULL THEN false
    WHEN w.st < w.en THEN w.m >= w.st AND w.m < w.en AND days @> to_jsonb(w.dow)
    -- Wrapping: the evening part started today, the morning part yesterday.
    WHEN w.m >= w.st THEN days @> to_jsonb(w.dow)
    WHEN w.m < w.en THEN days @> to_jsonb((w.dow + 6) % 7)
    ELSE false END
FROM (SELECT extract(isodow FROM local)::int - 1 AS dow,
             extract(hour FROM local)::int * 60 + extract(minute FROM local)::int AS m,
             media_hhmm_minutes(start_hm) AS st, media_hhmm_minutes(end_hm) AS en) w
$$;

-- Today in zone tz (a name validated by the caller).
CREATE OR REPLACE FUNCTION media_local_today(tz text) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT (now() AT TIME ZONE tz)::date $$;

-- on_this_day's window in days (0 for true or when only years_ago is set).
CREATE OR REPLACE FUNCTION media_memory_window(c jsonb) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce((c #>> '{on_this_day,window_days}')::int, 0) $$;

-- The month-days a memory of day d may have: each day of d's window, and
-- Feb 29 on a Feb 28 of a year without one. Immutable: constant criteria
-- and date fold to an array at plan time, an index condition.
CREATE OR REPLACE FUNCTION media_memory_month_days(c jsonb, d date) RETURNS int[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT array_agg(DISTINCT x.md)
FROM generate_series(-media_memory_window(c), media_memory_window(c)) AS g(n),
     LATERAL (SELECT d + g.n AS day) y,
     LATERAL (VALUES (media_month_day(y.day)),
                     (CASE WHEN media_month_day(y.day) = 228
                                AND make_date(extract(year FROM y.day)::int, 3, 1) - y.day = 1
                           THEN 229 END)) AS x(md)
WHERE x.md IS NOT NULL
$$;
