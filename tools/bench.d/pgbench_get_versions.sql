-- The SELECT of GET /photos/{id}/versions (functions/versions/get.c), for pgbench.
\set n random(0, 99999)
SELECT t._total, v.* FROM (SELECT count(*) AS _total FROM photo_versions
   WHERE user_id = 'u' || (:n::int % 10000) AND photo_id = 'f' || :n) t
 LEFT JOIN LATERAL (SELECT * FROM photo_versions
   WHERE user_id = 'u' || (:n::int % 10000) AND photo_id = 'f' || :n
   ORDER BY version_number DESC LIMIT 50 OFFSET 0) v ON true
 ORDER BY v.version_number DESC;
