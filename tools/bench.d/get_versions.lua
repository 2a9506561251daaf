-- GET the versions of a random seeded photo (3 each), asked for by its owner.
dofile("tools/bench.d/seed.lua")
request = function()
	local n = math.random(0, 99999)
	return wrk.format("GET", string.format(
	    "/api/v1/media/photos/f%d/versions?user_id=u%d", n, n % 10000))
end
