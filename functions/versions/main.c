/* main.c: the versions function's route table (contract §3.1). */
#include "serve.h"

#include "versions.h"

static const struct route routes[] = {
	/* method	pattern					handler			flags */
	{ M_POST,	API "/photos/{}/versions",		versions_create,	R_BODY },
	{ M_GET,	API "/photos/{}/versions",		versions_list,		0 },
	{ M_GET,	API "/photos/{}/versions/{}",		versions_get,		0 },
	{ M_PUT,	API "/photos/{}/versions/{}/current",	versions_set_current,	0 },
	{ M_DELETE,	API "/photos/{}/versions/{}",		versions_delete,	0 },
};

int
main(void)
{
	return serve("versions", routes, sizeof(routes) / sizeof(routes[0]));
}
