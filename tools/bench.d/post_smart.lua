-- POST a smart playlist: population over a random user's 100 photos.
dofile("tools/bench.d/seed.lua")
local scenes = { "beach", "mountain", "city", "forest", "indoor" }
request = function()
	local u = math.random(0, 9999)
	return wrk.format("POST", "/api/v1/media/playlists?user_id=u" .. u,
	    { ["Content-Type"] = "application/json" },
	    '{"name":"bench smart","playlist_type":"smart","smart_criteria":' ..
	    '{"ai_scenes_contains":["' .. scenes[math.random(1, #scenes)] ..
	    '"],"quality_score_min":0.3}}')
end
