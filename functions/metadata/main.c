/* main.c: the metadata function's route table (contract §3.2). A photo's
 * metadata is keyed by its user (sql/051): a route naming a file_id needs
 * user_id, an internal call too (R_USER); the query may span users. */
#include "serve.h"

#include "metadata.h"

static const struct route routes[] = {
	/* method	pattern				handler		flags */
	{ M_POST,	API "/metadata/query",		metadata_query,	R_BODY },
	{ M_GET,	API "/metadata/{file_id}",	metadata_get,	R_USER },
	{ M_PUT,	API "/metadata/{file_id}",	metadata_put,	R_BODY | R_USER },
};

int
main(void)
{
	return serve("metadata", routes, sizeof(routes) / sizeof(routes[0]));
}
