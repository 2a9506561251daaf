-- The schedule in force of a random seeded frame, asked for by its owner.
dofile("tools/bench.d/seed.lua")
request = function()
	local n = math.random(0, 9999)
	return wrk.format("GET", string.format("/api/v1/media/schedules/frame/fr%d?user_id=u%d", n, n))
end
