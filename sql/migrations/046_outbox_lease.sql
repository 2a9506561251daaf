-- 046_outbox_lease.sql: the outbox relay leases rows instead of holding
-- them locked in a transaction across its publishes (issue 10, finding 11).
-- A transaction open for up to 100 JetStream round trips held a pgbouncer
-- server connection (transaction mode) and row locks all that time.

ALTER TABLE outbox ADD COLUMN leased_until TIMESTAMPTZ;

DROP FUNCTION IF EXISTS media_outbox_claim(int);
