-- put_metadata.lua: PUT metadata of a new file_id each time (a row to find
-- afterwards) for one of 100 users.
dofile("tools/chaos.d/record.lua")
request = function()
	seq = seq + 1
	local u = math.random(0, 99)
	return wrk.format("PUT", string.format("/api/v1/media/metadata/chaos_m%s_%d?user_id=chaos_u%d",
	    tag, seq, u), { ["Content-Type"] = "application/json" },
	    string.format('{"camera_make":"Chaos","ai_labels":["dog"],"quality_score":%.2f}', math.random()))
end
response = function(status, headers, body) record(status, body, "file_id") end
