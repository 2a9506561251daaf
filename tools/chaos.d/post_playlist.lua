-- post_playlist.lua: POST a manual playlist for one of 100 users.
dofile("tools/chaos.d/record.lua")
request = function()
	local u = math.random(0, 99)
	return wrk.format("POST", "/api/v1/media/playlists?user_id=chaos_u" .. u,
	    { ["Content-Type"] = "application/json" },
	    '{"name":"chaos","photo_ids":["chaos_f' .. u .. '_1","chaos_f' .. u .. '_2"]}')
end
response = function(status, headers, body) record(status, body, "playlist_id") end
