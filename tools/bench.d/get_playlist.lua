-- GET one playlist: a random seeded playlist, asked for by its owner.
dofile("tools/bench.d/seed.lua")
request = function()
	local n = math.random(0, 99999)
	return wrk.format("GET", string.format(
	    "/api/v1/media/playlists/pl_%024x?user_id=u%d", n, n % 10000))
end
