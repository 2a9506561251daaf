/* main.c: the metadata function's route table (contract §3.2). */
#include "serve.h"

#include "metadata.h"

static const struct route routes[] = {
	/* method	pattern				handler		flags */
	{ M_POST,	API "/metadata/query",		metadata_query,	R_BODY },
	{ M_GET,	API "/metadata/{}",		metadata_get,	0 },
	{ M_PUT,	API "/metadata/{}",		metadata_put,	R_BODY },
};

int
main(void)
{
	return serve("metadata", routes, sizeof(routes) / sizeof(routes[0]));
}
