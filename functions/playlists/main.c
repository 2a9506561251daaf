/* main.c: the playlists function's route table (contract §3.3). A
 * playlist is made for its user: the create needs user_id, an internal
 * call too. */
#include "serve.h"

#include "playlists.h"

static const struct route routes[] = {
	/* method	pattern							handler			flags */
	{ M_POST,	API "/playlists",					playlists_create,	R_BODY | R_USER },
	{ M_GET,	API "/playlists",					playlists_list,		0 },
	{ M_GET,	API "/playlists/{playlist_id}",				playlists_get,		0 },
	{ M_PUT,	API "/playlists/{playlist_id}",				playlists_update,	R_BODY },
	{ M_DELETE,	API "/playlists/{playlist_id}",				playlists_delete,	0 },
	{ M_POST,	API "/playlists/{playlist_id}/photos",			playlists_add_photos,	R_BODY },
	{ M_DELETE,	API "/playlists/{playlist_id}/photos/{photo_id}",	playlists_remove_photo,	0 },
};

int
main(void)
{
	return serve("playlists", routes, sizeof(routes) / sizeof(routes[0]));
}
