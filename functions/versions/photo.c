/* photo.c: what every change to a photo's versions does first: the
 * per-photo lock (BR-M001), and clearing the current version. */
#include <libpq-fe.h>

#include "db.h"
#include "req.h"
#include "resp.h"

#include "versions.h"

/* A transaction-scoped advisory lock (released at COMMIT/ROLLBACK, so it
 * is safe with pgbouncer's transaction mode). Taken in its own statement:
 * the statements after it get a snapshot that sees every version committed
 * before the lock was granted, so max(version_number) + 1 has no gaps and
 * no duplicates under concurrent creates. The two-int form keeps our keys
 * apart from other users of advisory locks. A photo is the user's own
 * (sql/051: keyed by user_id and photo_id), so the key names both; '/' is
 * in no id, so no two photos share a key string. */
static const char sql_lock[] =
    "SELECT pg_advisory_xact_lock(hashtext('photo_versions'), hashtext($2::text || '/' || $1::text))";

static int
lock_photo(struct req *r, const char *photo)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_lock, 2, photo, r->user_id);
	rc = db_check(r, res, PGRES_TUPLES_OK);
	PQclear(res);
	return rc;
}

int
versions_begin(struct req *r, const char *photo)
{
	int	 rc;

	if ((rc = db_begin(r)) != ST_OK)
		return rc;
	return lock_photo(r, photo);
}

/* Run under the photo lock. */
static const char sql_clear[] =
    "UPDATE photo_versions SET is_current = false, updated_at = now()"
    " WHERE user_id = $3 AND photo_id = $1 AND is_current AND version_id IS DISTINCT FROM $2";

int
versions_clear_current(struct req *r, const char *photo, const char *keep)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_clear, 3, photo, keep, r->user_id);
	rc = db_check(r, res, PGRES_COMMAND_OK);
	PQclear(res);
	return rc;
}

int
versions_reply(struct req *r, const PGresult *res, int http)
{
	if (res == NULL)
		return req_fail(r, ST_NOT_FOUND, NULL, "version not found");
	return resp_object(r, res, http, "version", NULL);
}
