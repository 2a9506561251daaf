-- A frame's poll of its photos: a random seeded frame's continuous schedule
-- (100 photos, half cached), among `frames` frames. With conditional = true
-- (get_schedule_photos_304.lua), a frame that has an ETag sends it back, as
-- a polling frame does, and gets a 304 while nothing changed.
dofile("tools/bench.d/seed.lua")
conditional = conditional or false
frames = frames or 10000
local etags = {}

request = function()
	local n = math.random(0, frames - 1)
	local id = string.format("sched_%024x", n)
	local headers = {}
	if conditional and etags[id] then
		headers["If-None-Match"] = etags[id]
	end
	return wrk.format("GET", string.format("/api/v1/media/schedules/%s/photos?user_id=u%d", id, n),
	    headers)
end

response = function(status, headers, body)
	if status == 200 then
		local id = body:match('"schedule_id" : "(sched_%x+)"')
		if id then
			etags[id] = headers["ETag"]
		end
	end
end
