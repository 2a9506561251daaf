-- get_playlists.lua: GET the playlists of one of 100 users.
dofile("tools/chaos.d/record.lua")
request = function()
	return wrk.format("GET", "/api/v1/media/playlists?user_id=chaos_u" .. math.random(0, 99))
end
response = function(status, headers, body) record(status, body, nil) end
