-- 020_schedules.sql: when a rotation schedule is in force (contract §3.4),
-- its JSON, and media.schedule.updated written by a trigger.
--
-- Time windows are evaluated by PostgreSQL in the schedule's IANA zone:
-- now() AT TIME ZONE timezone gives the wall clock there, daylight saving
-- included. A window is [start_time, end_time): 09:00-17:00 ends at 17:00.
-- When end_time <= start_time the window wraps midnight (22:00-06:00), and
-- start_time = end_time is a whole day from start_time. days_of_week
-- (0 = Monday) name the day a window STARTS: Friday 22:00-06:00 holds
-- Friday 23:00 and Saturday 02:00, not Friday 02:00.

-- Minutes after midnight of a validated "HH:MM".
CREATE FUNCTION media_hhmm_minutes(hm text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT split_part(hm, ':', 1)::int * 60 + split_part(hm, ':', 2)::int $$;

-- Does the window start_hm-end_hm on days hold the wall-clock time local?
CREATE FUNCTION media_window_holds(start_hm text, end_hm text, days jsonb, local timestamp)
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

-- Is schedule s in force at time t? continuous: while active; time_based:
-- inside its window; event_based: until its trigger runs out.
CREATE FUNCTION media_schedule_in_force(s rotation_schedules, t timestamptz) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT s.is_active AND CASE s.schedule_type
    WHEN 'continuous' THEN true
    WHEN 'event_based' THEN coalesce(s.triggered_until > t, false)
    WHEN 'time_based' THEN media_window_holds(s.start_time, s.end_time, s.days_of_week,
                                              t AT TIME ZONE s.timezone)
    ELSE false END
$$;

-- A schedule as the API returns it; in_force says whether it holds now.
CREATE FUNCTION media_schedule_json(s rotation_schedules) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT json_build_object(
    'schedule_id', s.schedule_id, 'user_id', s.user_id,
    'organization_id', s.organization_id, 'frame_id', s.frame_id,
    'playlist_id', s.playlist_id, 'schedule_type', s.schedule_type,
    'start_time', s.start_time, 'end_time', s.end_time,
    'days_of_week', s.days_of_week, 'timezone', s.timezone,
    'rotation_interval', s.rotation_interval, 'shuffle', s.shuffle,
    'is_active', s.is_active, 'trigger_event', s.trigger_event,
    'active_minutes', s.active_minutes, 'triggered_until', media_ts(s.triggered_until),
    'in_force', media_schedule_in_force(s, now()),
    'created_at', media_ts(s.created_at), 'updated_at', media_ts(s.updated_at))
$$;

-- media.schedule.updated on every insert, update and delete (contract §4),
-- in the writer's transaction: the API, and the listener when a trigger
-- event arrives.
CREATE FUNCTION media_schedule_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    s rotation_schedules;
BEGIN
    s := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    INSERT INTO outbox (event_type, aggregate_id, payload)
    VALUES ('media.schedule.updated', s.schedule_id, jsonb_build_object(
        'schedule_id', s.schedule_id, 'user_id', s.user_id, 'frame_id', s.frame_id,
        'playlist_id', s.playlist_id, 'schedule_type', s.schedule_type,
        'is_active', s.is_active, 'triggered_until', media_ts(s.triggered_until),
        'action', CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated'
                             ELSE 'deleted' END,
        'deleted', TG_OP = 'DELETE'));
    RETURN s;
END
$$;

CREATE TRIGGER rotation_schedules_outbox_insert_delete AFTER INSERT OR DELETE
    ON rotation_schedules FOR EACH ROW EXECUTE FUNCTION media_schedule_outbox();
CREATE TRIGGER rotation_schedules_outbox_update AFTER UPDATE ON rotation_schedules
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION media_schedule_outbox();

-- GET /schedules/frame/{id} and ?all=true: a user's schedules of a frame.
CREATE INDEX idx_rotation_schedules_user_frame ON rotation_schedules
    (user_id, frame_id, created_at DESC, schedule_id DESC);
