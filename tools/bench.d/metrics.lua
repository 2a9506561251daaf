-- GET /metrics: one Prometheus scrape (segment + the database's counters).
request = function()
	return wrk.format("GET", "/metrics")
end
