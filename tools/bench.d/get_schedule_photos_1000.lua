-- get_schedule_photos.lua as 1,000 polling frames without If-None-Match:
-- each poll after a frame's first is answered from its stored manifest.
frames = 1000
dofile("tools/bench.d/get_schedule_photos.lua")
