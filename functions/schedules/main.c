/* main.c: the schedules function's route table (contract §3.4). */
#include "serve.h"

#include "schedules.h"

static const struct route routes[] = {
	/* method	pattern					handler			flags */
	{ M_POST,	API "/schedules",			schedules_create,	R_BODY },
	{ M_GET,	API "/schedules/frame/{}",		schedules_frame,	0 },
	{ M_GET,	API "/schedules/{}",			schedules_get,		0 },
	{ M_PUT,	API "/schedules/{}",			schedules_update,	R_BODY },
	{ M_DELETE,	API "/schedules/{}",			schedules_delete,	0 },
	{ M_POST,	API "/schedules/{}/trigger",		schedules_trigger,	0 },
	{ M_GET,	API "/schedules/{}/photos",		schedules_photos,	0 },
};

int
main(void)
{
	return serve("schedules", routes, sizeof(routes) / sizeof(routes[0]));
}
