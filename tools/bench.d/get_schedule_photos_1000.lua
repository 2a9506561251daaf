-- get_schedule_photos.lua as 1,000 polling frames without If-None-Match:
-- each poll after a frame's first is answered from its stored manifest.
frames = 1000
dofile(string.gsub(debug.getinfo(1, "S").source, "^@(.*)_1000%.lua$", "%1.lua"))
