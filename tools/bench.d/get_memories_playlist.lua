-- GET the on_this_day playlist of the user with 100,000 photos (um0): its
-- photos computed for today at every read (issue 13).
request = function()
	return wrk.format("GET", "/api/v1/media/playlists/pl_ee0000000000000000000000?user_id=um0")
end
