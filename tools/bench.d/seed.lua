-- seed.lua: a random sequence of its own for each wrk thread (dofile'd by
-- the request scripts). With one shared sequence every thread would send
-- the same requests in lockstep: cache-friendly reads, colliding writes.
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("thread_no", threads)
end
function init(args)
	math.randomseed(os.time() * 1000 + thread_no)
end
