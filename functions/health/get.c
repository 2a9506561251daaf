/* get.c: GET /health: 200 when the database answers, 503 when it does not. */
#include <stdio.h>

#include "config.h"
#include "health.h"
#include "db.h"
#include "req.h"
#include "resp.h"


int
health_get(struct req *r)
{
	char	 body[256];
	bool	 up = db_ping();
	int	 n;

	n = snprintf(body, sizeof(body),
	    "{\"status\":\"%s\",\"service\":\"media_service\",\"version\":\"%s\","
	    "\"database\":\"%s\"}", up ? "healthy" : "unhealthy",
	    config_get()->version, up ? "connected" : "disconnected");
	if (n < 0 || (size_t)n >= sizeof(body))
		return req_fail(r, ST_INTERNAL, NULL, "health body truncated");
	return resp_json(r, up ? 200 : 503, body, (size_t)n);
}
