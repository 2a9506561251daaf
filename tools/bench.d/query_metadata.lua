-- POST /metadata/query for the user with 10,000 photos (uq0), criteria of
-- several kinds, first page of 100.
dofile("tools/bench.d/seed.lua")
local bodies = {
	'{"ai_scenes_contains":["beach"]}',
	'{"ai_labels_contains":["dog"],"quality_score_min":0.5}',
	'{"ai_labels_any":["sunset","snow"],"orientation":"portrait"}',
	'{"quality_score_min":0.8}',
	'{"date_range":{"start_date":"2024-01-01","end_date":"2024-12-31"},"has_faces":true}',
	'{"camera_make":"canon","exclude_labels":["person"]}',
	'{"location_contains":"kyoto","ai_scenes_contains":["city"]}',
	'{}',
}
request = function()
	return wrk.format("POST", "/api/v1/media/metadata/query?user_id=uq0",
	    { ["Content-Type"] = "application/json" }, bodies[math.random(1, #bodies)])
end
