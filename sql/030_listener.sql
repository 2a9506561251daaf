-- 030_listener.sql: what the event listener (functions/listener) needs from
-- the database: a wake-up for the outbox relay, the AI retry queue, and the
-- statements its event handlers run on many rows at once.

-- Outbox relay latency (contract §4): every commit that adds outbox rows
-- wakes the relays LISTENing on a direct connection; they still poll
-- (NOTIFY is only a hint: a relay that was reconnecting misses it).
CREATE FUNCTION media_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('media_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION media_outbox_notify();

-- Relay ordering across several listeners: a relay claims the oldest
-- unpublished rows whose aggregate no other relay holds (an advisory lock
-- per aggregate for the transaction), so two relays never publish events of
-- one aggregate out of order, and SKIP LOCKED keeps them from waiting.
-- Must be called inside a transaction; returns the message bodies.
CREATE FUNCTION media_outbox_claim(n int) RETURNS TABLE
    (id bigint, event_id text, event_type text, body text)
LANGUAGE sql AS $$
    SELECT o.id, o.event_id, o.event_type,
           (o.payload || jsonb_build_object('event_id', o.event_id,
               'event_type', o.event_type, 'timestamp', media_ts(o.created_at)))::text
    FROM outbox o
    WHERE o.published_at IS NULL
      AND pg_try_advisory_xact_lock(hashtext('media_outbox'), hashtext(o.aggregate_id))
    ORDER BY o.id
    LIMIT n
    FOR UPDATE SKIP LOCKED
$$;

-- AI analysis that failed (service down or 5xx) is retried with backoff;
-- the local results are already stored (contract §4, graceful degradation).
CREATE TABLE analysis_retries (
    file_id      VARCHAR(50) PRIMARY KEY
                 REFERENCES photo_metadata (file_id) ON DELETE CASCADE,
    user_id      VARCHAR(50) NOT NULL,
    image_url    TEXT NOT NULL,
    attempts     INT NOT NULL DEFAULT 0,
    run_after    TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_until TIMESTAMPTZ
);
CREATE INDEX idx_analysis_retries_next ON analysis_retries (run_after);

-- XXX(#4): is schedule s in force at time t (contract §3.4)? Issue 4 owns
-- the schedules function and its own definition; the listener needs it for
-- device.registered until the lead reconciles the two.
CREATE FUNCTION media_listener_in_force(s rotation_schedules, t timestamptz)
RETURNS boolean LANGUAGE sql STABLE AS $$
SELECT s.is_active AND CASE s.schedule_type
    WHEN 'continuous' THEN true
    WHEN 'event_based' THEN coalesce(s.triggered_until > t, false)
    ELSE (SELECT CASE WHEN s.start_time <= s.end_time
                      THEN hm >= s.start_time AND hm < s.end_time
                           AND s.days_of_week @> to_jsonb(dow)
                      ELSE (hm >= s.start_time AND s.days_of_week @> to_jsonb(dow))
                           OR (hm < s.end_time AND s.days_of_week @> to_jsonb((dow + 6) % 7))
                 END
          FROM (SELECT to_char(t AT TIME ZONE s.timezone, 'HH24:MI') AS hm,
                       (extract(isodow FROM t AT TIME ZONE s.timezone)::int - 1) AS dow) l)
    END
$$;

-- Queue the downloads of the playlist of frame f's schedule in force
-- (device.registered, a trigger event): a pending photo_cache entry and a
-- cache_jobs row (BR-M008 priority) for each photo of the playlist the
-- frame has neither cached nor queued. Returns the number queued.
CREATE FUNCTION media_listener_queue_frame(p_user text, p_frame text, p_priority int)
RETURNS int LANGUAGE sql AS $$
WITH s AS (
    SELECT * FROM rotation_schedules r
    WHERE r.user_id = p_user AND r.frame_id = p_frame
      AND media_listener_in_force(r, now())
    ORDER BY r.created_at DESC LIMIT 1
), photos AS (
    SELECT DISTINCT ON (e.photo_id) e.photo_id, v.version_id
    FROM s JOIN playlists p ON p.playlist_id = s.playlist_id AND p.user_id = s.user_id,
         jsonb_array_elements_text(p.photo_ids) e(photo_id)
         LEFT JOIN photo_versions v ON v.photo_id = e.photo_id AND v.is_current
    WHERE NOT EXISTS (SELECT 1 FROM photo_cache c
        WHERE c.frame_id = p_frame AND c.user_id = p_user AND c.photo_id = e.photo_id
          AND c.version_id IS NOT DISTINCT FROM v.version_id
          AND (c.cache_status IN ('pending', 'downloading')
               OR (c.cache_status = 'cached' AND c.expires_at > now())))
), entries AS (
    INSERT INTO photo_cache (cache_id, user_id, frame_id, photo_id, version_id,
                             cache_status, cache_quality)
    SELECT 'cache_' || encode(gen_random_bytes(12), 'hex'), p_user, p_frame,
           photo_id, version_id, 'pending', 'original'
    FROM photos
    RETURNING cache_id
), jobs AS (
    INSERT INTO cache_jobs (cache_id, priority)
    SELECT cache_id, p_priority FROM entries
    RETURNING 1
)
SELECT count(*)::int FROM jobs
$$;
