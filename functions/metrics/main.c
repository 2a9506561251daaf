/* main.c: the metrics function's route table (contract §3.6). */
#include "serve.h"

#include "metrics.h"

static const struct route routes[] = {
	/* method	pattern		handler		flags */
	{ M_GET,	"/metrics",	metrics_get,	R_NO_USER },
};

int
main(void)
{
	return serve("metrics", routes, sizeof(routes) / sizeof(routes[0]));
}
