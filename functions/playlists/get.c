/* get.c: GET /playlists/{id} and GET /playlists (the user's, paginated). */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "listpage.h"
#include "resp.h"
#include "req.h"
#include "valid.h"

#include "playlists.h"

/* Another user's playlist is absent, like a missing one (404, not 403).
 * user_id is NULL only for X-Internal-Call. A smart playlist whose criteria
 * follow the calendar answers its photos of today in its zone (issue 13),
 * whatever the listener's day change has stored yet: _photos_today. */
static const char sql_get[] =
    "SELECT p.*, media_playlist_today(p) AS _photos_today FROM playlists p"
    " WHERE p.playlist_id = $1 AND ($2::text IS NULL OR p.user_id = $2)";

int
playlists_get(struct req *r)
{
	const char	*id = req_param(r, "playlist_id");
	PGresult	*res = NULL;
	int		 rc;

	res = db_rowsv(sql_get, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rc = resp_object(r, res, 200, "playlist", playlist_render);
cleanup:
	PQclear(res);
	return rc;
}

/* One page, newest first, and the total when the page does not tell it
 * (list_page). The list shows what is stored (the day change keeps
 * calendar playlists current). */
static const char sql_list[] =
    "SELECT * FROM playlists"
    " WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR playlist_type = $2)"
    " ORDER BY created_at DESC, playlist_id LIMIT $3 OFFSET $4";

static const char sql_count[] =
    "SELECT count(*) FROM playlists"
    " WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR playlist_type = $2)";

int
playlists_list(struct req *r)
{
	const char	*type;
	struct page	 page;
	int		 rc;

	if ((rc = valid_enum(r, "playlist_type", req_query(r, "playlist_type"), playlist_types,
	    &type)) != ST_OK ||
	    (rc = valid_page(r, &page)) != ST_OK)
		return rc;
	return list_page(r, sql_list, sql_count, 2, (const char *const[]){ r->user_id, type },
	    &page, playlist_render);
}
