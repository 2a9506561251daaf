-- record.lua: what the chaos load scripts share (dofile'd first): each
-- thread writes one line per response to DIR/NAME-<thread>.log, as
--   <unix time, ms> <status> <j|n: the body is a JSON error> <id of a 2xx write or ->
-- so the part can count statuses, check every 2xx write against the
-- database and time the recovery. wrk args: -- DIR NAME RUN_TAG.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } chaos_timespec;
int clock_gettime(int clk, chaos_timespec *ts);
]]
local ts = ffi.new("chaos_timespec")
dofile("tools/bench.d/seed.lua")	-- each thread its own random sequence
local seed_init = init

function init(args)
	seed_init(args)
	out = io.open(string.format("%s/%s-%d.log", args[1], args[2], thread_no), "w")
	out:setvbuf("line")	-- nothing is lost when wrk ends the thread
	tag = args[3] .. "_" .. thread_no
	seq = 0
end

function now()
	ffi.C.clock_gettime(0, ts)	-- CLOCK_REALTIME, to compare with date +%s.%N
	return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

-- The body of an error must be our JSON error, {"detail","code","field"}.
local function json_error(body)
	return body ~= nil and body:match('^%s*{.*"code"%s*:') ~= nil
end

-- record(status, body, idfield): idfield names the id a 2xx write answers with.
function record(status, body, idfield)
	local id = "-"
	if idfield ~= nil and status >= 200 and status < 300 then
		id = body:match('"' .. idfield .. '"%s*:%s*"([^"]+)"') or "?"
	end
	out:write(string.format("%.3f %d %s %s\n", now(), status,
	    json_error(body) and "j" or "n", id))
end
