-- A plain SELECT * of the row GET /playlists/{id} reads, for pgbench: what
-- PostgreSQL's CPU per GET is compared with (10-playlists.sh).
\set n random(0, 99999)
SELECT * FROM playlists p
 WHERE p.playlist_id = 'pl_' || lpad(to_hex(:n::int), 24, '0');
