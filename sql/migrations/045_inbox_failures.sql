-- 045_inbox_failures.sql: how often a consumed event failed for a reason
-- that was not the database being away (issue 10, finding 1). JetStream's
-- own MaxDeliver counted every delivery, so a database outage of ~8 s
-- used up an event's 5 attempts and user.deleted was dropped. The
-- consumer now redelivers without limit; the listener counts here only
-- the failures that happened with the database up, and after 5 sends the
-- event to the MEDIA_DEAD stream with the reason. A row lives from the
-- first such failure until the event is handled or dead-lettered.
CREATE TABLE inbox_failures (
    stream_seq  BIGINT PRIMARY KEY,		-- MEDIA_INBOX sequence of the message
    subject     TEXT NOT NULL,
    attempts    INT NOT NULL,
    last_error  TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
