-- The SELECT of GET /playlists/{id} (functions/playlists/get.c), for pgbench.
\set n random(0, 99999)
SELECT p.*, media_playlist_today(p) AS _photos_today FROM playlists p
 WHERE p.playlist_id = 'pl_' || lpad(to_hex(:n::int), 24, '0')
   AND ('u' || (:n::int % 10000) IS NULL OR p.user_id = 'u' || (:n::int % 10000));
