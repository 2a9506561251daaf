-- 70_schedules.sql: rotation schedules (contract §3.4): when one is in
-- force (time windows: 10_common.sql), what it shows, and the queueing
-- of a schedule's downloads (design Flow 3, BR-M008), also for the
-- listener. Their event, media.schedule.updated: 80_outbox.sql.

-- Is schedule s in force at time t? continuous: while active; time_based:
-- inside its window; event_based: until its trigger runs out. plpgsql, as
-- media_playlist_today (30_playlists.sql) and for the same reason: inlined
-- as SQL, its body and media_window_holds' were parsed and planned again
-- in every statement that names it (GET /schedules/frame/{frame_id}).
CREATE OR REPLACE FUNCTION media_schedule_in_force(s rotation_schedules, t timestamptz) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN s.is_active AND CASE s.schedule_type
        WHEN 'continuous' THEN true
        WHEN 'event_based' THEN coalesce(s.triggered_until > t, false)
        WHEN 'time_based' THEN media_window_holds(s.start_time, s.end_time, s.days_of_week,
                                                  t AT TIME ZONE s.timezone)
        ELSE false END;
END
$$;

-- The photos a schedule's frame shows, in playlist order
-- (duplicates kept, EC-M002), each at p_user's current version of it. An
-- id p_user has no versions of (none at all, or only another user's) is
-- shown as itself, p_user's photo: storage_url is the version's
-- cloud_url, else p_template ({file_id}, {user_id} = p_user).
CREATE OR REPLACE FUNCTION media_schedule_items(p_user text, p_photo_ids jsonb, p_template text)
RETURNS TABLE (ord bigint, photo_id text, version_id text, storage_url text)
LANGUAGE sql STABLE AS $$
SELECT e.ord, e.id, v.version_id,
       coalesce(v.cloud_url, replace(replace(p_template, '{file_id}', coalesce(v.file_id, e.id)),
                                     '{user_id}', p_user))
FROM jsonb_array_elements_text(p_photo_ids) WITH ORDINALITY AS e(id, ord)
LEFT JOIN photo_versions v ON v.user_id = p_user AND v.photo_id = e.id AND v.is_current
$$;

-- What schedule s shows on day d (its zone's today): its playlist's photos,
-- or while those are none, its fallback playlist's (issue 13 §3). timed:
-- the answer may change at the next local midnight. playlist_found false:
-- the playlist is gone (EC-M004).
CREATE OR REPLACE FUNCTION media_schedule_photo_ids(s rotation_schedules, d date,
    OUT playlist_found boolean, OUT photo_ids jsonb, OUT fallback boolean,
    OUT timed boolean, OUT shuffle boolean, OUT transition_duration int)
LANGUAGE sql STABLE AS $$
SELECT p.playlist_id IS NOT NULL,
       CASE WHEN jsonb_array_length(a.ids) = 0 AND f.playlist_id IS NOT NULL
            THEN media_playlist_photos(f, d) ELSE a.ids END,
       coalesce(jsonb_array_length(a.ids) = 0 AND f.playlist_id IS NOT NULL, false),
       coalesce(p.playlist_type = 'smart' AND media_criteria_timed(p.smart_criteria), false)
       OR coalesce(f.playlist_type = 'smart' AND media_criteria_timed(f.smart_criteria), false),
       p.shuffle, p.transition_duration
FROM (SELECT 1) one
LEFT JOIN playlists p ON p.playlist_id = s.playlist_id AND p.user_id = s.user_id
LEFT JOIN LATERAL (SELECT media_playlist_photos(p, d) AS ids) a ON p.playlist_id IS NOT NULL
LEFT JOIN playlists f ON f.playlist_id = s.fallback_playlist_id AND f.user_id = s.user_id
$$;

-- Queue the downloads of schedule p_schedule's whole playlist for its
-- frame (design Flow 3, BR-M008). Returns the superseded entries whose
-- files the caller removes. No rows when the schedule or its playlist is
-- gone. The listener calls it too (device.registered). It queues what the
-- frame will show: the same photos as the manifest.
CREATE OR REPLACE FUNCTION media_schedule_queue(p_schedule text, p_priority int, p_retry boolean)
RETURNS TABLE (user_id text, frame_id text, cache_id text)
LANGUAGE sql VOLATILE AS $$
SELECT q.user_id, q.frame_id, g.id
FROM (SELECT s.user_id, s.frame_id, a.photos, a.versions
      FROM rotation_schedules s,
      LATERAL media_schedule_photo_ids(s, media_local_today(s.timezone)) sp,
      LATERAL (SELECT array_agg(i.photo_id ORDER BY i.ord) AS photos,
                      array_agg(i.version_id ORDER BY i.ord) AS versions
               FROM media_schedule_items(s.user_id, sp.photo_ids, NULL) i) a
      WHERE s.schedule_id = p_schedule AND sp.playlist_found) q,
     media_cache_ensure(q.user_id, q.frame_id, q.photos, q.versions, 'display', NULL,
                        p_priority, p_retry) e,
     unnest(string_to_array(e.stale_ids, ' ')) AS g(id)
WHERE q.photos IS NOT NULL
$$;

-- Queue the downloads of the playlist of frame p_frame's schedule in force
-- (the listener's device.registered, a trigger event), with the schedules'
-- own pieces: one definition of "in force", one of "queue". Returns the
-- number of rows media_schedule_queue gave back (superseded entries).
CREATE OR REPLACE FUNCTION media_listener_queue_frame(p_user text, p_frame text, p_priority int)
RETURNS int LANGUAGE sql AS $$
SELECT count(*)::int
FROM media_schedule_queue(
    (SELECT r.schedule_id FROM rotation_schedules r
     WHERE r.user_id = p_user AND r.frame_id = p_frame AND media_schedule_in_force(r, now())
     ORDER BY r.created_at DESC LIMIT 1),
    p_priority, true)
$$;
