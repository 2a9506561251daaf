-- 020_schedules.sql: when a rotation schedule is in force (contract §3.4),
-- its JSON, and media.schedule.updated written by a trigger.
-- The functions and the trigger: sql/functions/10_common.sql (time
-- windows) and 70_schedules.sql.

-- GET /schedules/frame/{id} and ?all=true: a user's schedules of a frame.
CREATE INDEX idx_rotation_schedules_user_frame ON rotation_schedules
    (user_id, frame_id, created_at DESC, schedule_id DESC);
