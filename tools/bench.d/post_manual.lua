-- POST a manual playlist of 20 of a random user's photos.
dofile("tools/bench.d/seed.lua")
request = function()
	local u = math.random(0, 9999)
	local ids = {}
	for k = 0, 19 do ids[#ids + 1] = string.format('"f%d"', u + 10000 * k) end
	return wrk.format("POST", "/api/v1/media/playlists?user_id=u" .. u,
	    { ["Content-Type"] = "application/json" },
	    '{"name":"bench manual","photo_ids":[' .. table.concat(ids, ",") .. ']}')
end
