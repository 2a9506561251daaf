-- get_schedule_photos.lua as 1,000 polling frames: each sends its ETag back
-- (If-None-Match) once it has one and gets a 304 while nothing changed.
conditional = true
frames = 1000
dofile("tools/bench.d/get_schedule_photos.lua")
