/* get.c: GET /playlists/{id} and GET /playlists (the user's, paginated). */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
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

/* The total and one page, newest first, in one round trip; a page past
 * the end is the total's row alone (resp_list). The list shows what is
 * stored (the day change keeps calendar playlists current). */
static const char sql_list[] =
    "SELECT t._total, p.* FROM (SELECT count(*) AS _total FROM playlists"
    "   WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR playlist_type = $2)) t"
    " LEFT JOIN LATERAL (SELECT * FROM playlists"
    "   WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR playlist_type = $2)"
    "   ORDER BY created_at DESC, playlist_id LIMIT $3 OFFSET $4) p ON true"
    " ORDER BY p.created_at DESC, p.playlist_id";

int
playlists_list(struct req *r)
{
	const char	*type;
	struct page	 page;
	PGresult	*res = NULL;
	int		 rc;

	if ((rc = valid_enum(r, "playlist_type", req_query(r, "playlist_type"), playlist_types,
	    &type)) != ST_OK ||
	    (rc = valid_page(r, &page)) != ST_OK)
		goto cleanup;
	res = db_rowsv(sql_list, 4, r->user_id, type, page.limit, page.offset);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK)
		rc = resp_list(r, res, playlist_render);
cleanup:
	PQclear(res);
	return rc;
}
