/* main.c: the schedules function's route table (contract §3.4). A
 * schedule is made for its user: the create needs user_id, an internal
 * call too. */
#include "serve.h"

#include "schedules.h"

static const struct route routes[] = {
	/* method	pattern					handler			flags */
	{ M_POST,	API "/schedules",			schedules_create,	R_BODY | R_USER },
	{ M_GET,	API "/schedules/frame/{frame_id}",	schedules_frame,	0 },
	{ M_GET,	API "/schedules/{schedule_id}",		schedules_get,		0 },
	{ M_PUT,	API "/schedules/{schedule_id}",		schedules_update,	R_BODY },
	{ M_DELETE,	API "/schedules/{schedule_id}",		schedules_delete,	0 },
	{ M_POST,	API "/schedules/{schedule_id}/trigger",	schedules_trigger,	0 },
	{ M_GET,	API "/schedules/{schedule_id}/photos",	schedules_photos,	0 },
};

int
main(void)
{
	return serve("schedules", routes, sizeof(routes) / sizeof(routes[0]));
}
