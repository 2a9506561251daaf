/* main.c: the cache function's route table (contract §3.5). An entry is
 * made for its user: the create needs user_id, an internal call too. */
#include "serve.h"

#include "cache.h"

static const struct route routes[] = {
	/* method	pattern					handler		flags */
	{ M_POST,	API "/cache",				cache_create,	R_BODY_OPT | R_USER },
	{ M_GET,	API "/cache/frame/{frame_id}",		cache_list,	0 },
	{ M_POST,	API "/cache/frame/{frame_id}/evict",	cache_evict,	0 },
	{ M_GET,	API "/cache/{cache_id}",		cache_get,	0 },
	{ M_DELETE,	API "/cache/{cache_id}",		cache_delete,	0 },
	{ M_PUT,	API "/cache/{cache_id}/hit",		cache_hit,	0 },
};

int
main(void)
{
	return serve("cache", routes, sizeof(routes) / sizeof(routes[0]));
}
