-- 039_listener_schedules.sql: the listener queues a frame's downloads with
-- the schedules function's own pieces (sql/020, sql/021) instead of the
-- stand-ins of sql/030: one definition of "in force", one of "queue".
CREATE OR REPLACE FUNCTION media_listener_queue_frame(p_user text, p_frame text, p_priority int)
RETURNS int LANGUAGE sql AS $$
SELECT count(*)::int
FROM media_schedule_queue(
    (SELECT r.schedule_id FROM rotation_schedules r
     WHERE r.user_id = p_user AND r.frame_id = p_frame AND media_schedule_in_force(r, now())
     ORDER BY r.created_at DESC LIMIT 1),
    p_priority, true)
$$;
DROP FUNCTION media_listener_in_force(rotation_schedules, timestamptz);
