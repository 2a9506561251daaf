-- 049_user_erasure.sql: what a GDPR erasure (user.deleted) leaves behind
-- must not bring the user back (issue 10 finding 8). erased_users records
-- when JetStream stored the erasure: a file.uploaded stored before that
-- time is a redelivery of an event the erasure already covered (its rows
-- are gone) and is dropped; one stored later is a new upload of a user
-- who came back. The row holds nothing but the id and the time.
CREATE TABLE erased_users (
    user_id   VARCHAR(50) PRIMARY KEY,
    erased_at TIMESTAMPTZ NOT NULL
);
