/* main.c: the health function's route table (contract §3.6). */
#include "serve.h"

#include "health.h"

static const struct route routes[] = {
	/* method	pattern		handler		flags */
	{ M_GET,	"/health",	health_get,	R_NO_USER },
	{ M_GET,	API "/health",	health_get,	R_NO_USER },
};

int
main(void)
{
	return serve("health", routes, sizeof(routes) / sizeof(routes[0]));
}
