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

-- GET /schedules/frame/{id} and ?all=true: a user's schedules of a frame.
CREATE INDEX idx_rotation_schedules_user_frame ON rotation_schedules
    (user_id, frame_id, created_at DESC, schedule_id DESC);
