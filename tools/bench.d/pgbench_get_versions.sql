-- The SELECT of GET /photos/{id}/versions (functions/versions/get.c), for
-- pgbench: a page of 3 versions is not full, so no count runs (listpage.c).
\set n random(0, 99999)
SELECT * FROM photo_versions
 WHERE user_id = 'u' || (:n::int % 10000) AND photo_id = 'f' || :n
 ORDER BY version_number DESC LIMIT 50 OFFSET 0;
