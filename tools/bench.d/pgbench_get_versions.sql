-- The SELECT of GET /photos/{id}/versions (functions/versions/get.c), for pgbench.
\set n random(0, 99999)
SELECT (SELECT count(*) FROM photo_versions
   WHERE user_id = 'u' || (:n::int % 10000) AND photo_id = 'f' || :n),
 coalesce((SELECT json_agg(s.j ORDER BY s.version_number DESC) FROM
   (SELECT media_version_json(v) AS j, v.version_number FROM photo_versions v
    WHERE v.user_id = 'u' || (:n::int % 10000) AND v.photo_id = 'f' || :n
    ORDER BY v.version_number DESC LIMIT 50 OFFSET 0) s), '[]');
