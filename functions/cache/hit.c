/* hit.c: PUT /cache/{id}/hit: a frame showed the entry; LRU eviction reads
 * last_accessed_at. */
#include <libpq-fe.h>

#include "db.h"
#include "reply.h"
#include "req.h"
#include "valid.h"

#include "cache.h"

static const char sql_hit[] =
    "UPDATE photo_cache c SET hit_count = c.hit_count + 1, last_accessed_at = now()"
    " WHERE c.cache_id = $1 AND ($2::text IS NULL OR c.user_id = $2)"
    " RETURNING media_cache_json(c)";

int
cache_hit(struct req *r)
{
	const char	*id = req_param(r, 0);
	PGresult	*res = NULL;
	int		 rc;

	if ((rc = valid_id(r, "cache_id", id)) != ST_OK)
		goto cleanup;
	res = db_execv(sql_hit, 2, id, r->user_id);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rc = reply_row(r, res, 200, "cache entry");
cleanup:
	PQclear(res);
	return rc;
}
