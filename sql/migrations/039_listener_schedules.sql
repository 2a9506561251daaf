-- 039_listener_schedules.sql: the listener queues a frame's downloads with
-- the schedules function's own pieces (sql/020, sql/021) instead of the
-- stand-ins of sql/030: one definition of "in force", one of "queue"
-- (sql/functions/70_schedules.sql). The stand-in of "in force" goes.

DROP FUNCTION IF EXISTS media_listener_in_force(rotation_schedules, timestamptz);
