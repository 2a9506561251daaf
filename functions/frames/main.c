/* main.c: the frames function's route table (issue 9 item 4: frame
 * display profiles). A frame id belongs to its user, so every route needs
 * user_id, an internal call too (R_USER). */
#include "serve.h"

#include "frames.h"

static const struct route routes[] = {
	/* method	pattern				handler		flags */
	{ M_GET,	API "/frames",			frames_list,	R_USER },
	{ M_GET,	API "/frames/{frame_id}",	frames_get,	R_USER },
	{ M_PUT,	API "/frames/{frame_id}",	frames_put,	R_BODY | R_USER },
	{ M_DELETE,	API "/frames/{frame_id}",	frames_delete,	R_USER },
};

int
main(void)
{
	return serve("frames", routes, sizeof(routes) / sizeof(routes[0]));
}
