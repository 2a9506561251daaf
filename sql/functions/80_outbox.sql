-- 80_outbox.sql: what the outbox relay (functions/listener) needs: a
-- wake-up on every commit that adds events, and the lease of the rows it
-- publishes (issue 10 finding 11: rows leased, not held locked across the
-- publishes).

-- Outbox relay latency (contract §4): every commit that adds outbox rows
-- wakes the relays LISTENing on a direct connection; they still poll
-- (NOTIFY is only a hint: a relay that was reconnecting misses it).
CREATE OR REPLACE FUNCTION media_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('media_outbox', '');
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION media_outbox_notify();

-- One statement, its own transaction: lease the oldest unpublished rows
-- for lease_s seconds and return the message bodies in id order. Ordering
-- across several relays: a row is taken only while no earlier unpublished
-- row of its aggregate is under another live lease, and an advisory lock
-- per aggregate for this statement's transaction keeps two concurrent
-- leases apart; SKIP LOCKED keeps them from waiting. A relay that dies
-- mid-batch leaves leases that expire: the rows go again, and JetStream's
-- duplicate window (Nats-Msg-Id = event_id) drops what was already sent.
CREATE OR REPLACE FUNCTION media_outbox_lease(n int, lease_s int) RETURNS TABLE
    (id bigint, event_id text, event_type text, body text)
LANGUAGE sql AS $$
    WITH c AS (
        SELECT o.id FROM outbox o
        WHERE o.published_at IS NULL
          AND (o.leased_until IS NULL OR o.leased_until < now())
          AND NOT EXISTS (SELECT 1 FROM outbox e
              WHERE e.aggregate_id = o.aggregate_id AND e.published_at IS NULL
                AND e.id < o.id AND e.leased_until >= now())
          AND pg_try_advisory_xact_lock(hashtext('media_outbox'), hashtext(o.aggregate_id))
        ORDER BY o.id
        LIMIT n
        FOR UPDATE SKIP LOCKED
    ), u AS (
        UPDATE outbox o SET leased_until = now() + make_interval(secs => lease_s)
        FROM c WHERE o.id = c.id
        RETURNING o.id, o.event_id::text, o.event_type::text,
            (o.payload || jsonb_build_object('event_id', o.event_id,
                'event_type', o.event_type, 'timestamp', media_ts(o.created_at)))::text AS body
    )
    SELECT u.id, u.event_id, u.event_type, u.body FROM u ORDER BY u.id
$$;
