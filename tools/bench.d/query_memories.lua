-- POST /metadata/query for the user with 100,000 photos (um0): on this day
-- (with a window, in a zone, or years back), first page of 100.
dofile("tools/bench.d/seed.lua")
local bodies = {
	'{"on_this_day":true}',
	'{"on_this_day":true,"timezone":"Europe/Paris"}',
	'{"on_this_day":{"window_days":3}}',
	'{"years_ago":5}',
	'{"on_this_day":true,"timezone":"Pacific/Kiritimati"}',
}
request = function()
	return wrk.format("POST", "/api/v1/media/metadata/query?user_id=um0",
	    { ["Content-Type"] = "application/json" }, bodies[math.random(1, #bodies)])
end
