/* main.c: the versions function's route table (contract §3.1). A photo
 * is keyed by its user (sql/051), so every route needs user_id, an
 * internal call too (R_USER). */
#include "serve.h"

#include "versions.h"

static const struct route routes[] = {
	/* method	pattern							handler			flags */
	{ M_POST,	API "/photos/{photo_id}/versions",			versions_create,	R_BODY | R_USER },
	{ M_GET,	API "/photos/{photo_id}/versions",			versions_list,		R_USER },
	{ M_GET,	API "/photos/{photo_id}/versions/{version_id}",		versions_get,		R_USER },
	{ M_PUT,	API "/photos/{photo_id}/versions/{version_id}/current",	versions_set_current,	R_USER },
	{ M_DELETE,	API "/photos/{photo_id}/versions/{version_id}",		versions_delete,	R_USER },
};

int
main(void)
{
	return serve("versions", routes, sizeof(routes) / sizeof(routes[0]));
}
