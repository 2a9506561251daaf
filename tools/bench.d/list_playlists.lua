-- GET /playlists of a random user (10 playlists each).
dofile("tools/bench.d/seed.lua")
request = function()
	return wrk.format("GET", string.format("/api/v1/media/playlists?user_id=u%d",
	    math.random(0, 9999)))
end
