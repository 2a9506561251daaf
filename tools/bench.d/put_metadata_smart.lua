-- PUT new AI results for a random photo of a user with 500 smart playlists
-- (ub0..ub99): the BR-M007 re-check adds and removes it in many of them.
dofile("tools/bench.d/seed.lua")
local labels = { "person", "dog", "cat", "tree", "sky", "car", "flower", "food",
	"building", "mountain", "water", "sunset", "smile", "child", "bicycle", "boat",
	"bird", "snow", "beach", "city" }
local scenes = { "beach", "mountain", "city", "forest", "indoor", "party", "garden",
	"lake", "snow", "desert" }
request = function()
	local u = math.random(0, 99)
	return wrk.format("PUT", string.format("/api/v1/media/metadata/fb%d_%d?user_id=ub%d",
	    u, math.random(0, 99), u), { ["Content-Type"] = "application/json" },
	    string.format('{"ai_labels":["%s","%s"],"ai_scenes":["%s"],"quality_score":%.2f}',
	    labels[math.random(1, #labels)], labels[math.random(1, #labels)],
	    scenes[math.random(1, #scenes)], math.random()))
end
