/* erase.c: the consumed events that remove a user's data (contract §4):
 * file.deleted (one photo) and user.deleted (GDPR/CCPA erasure, every
 * row of the user, then the files). Each is one transaction whose
 * statements go in the one lock order of sql/052 (frames, playlists,
 * photo_metadata, photo_versions, rotation_schedules, photo_cache; jobs,
 * AI retries and manifests by cascade; the user stamp at commit), so an
 * erasure never deadlocks with a schedule write or a download of the same
 * user. One statement with data-modifying CTEs would not do: PostgreSQL
 * runs those in no set order. A redelivery finds the work done. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "config.h"
#include "db.h"
#include "listener.h"
#include "log.h"
#include "status.h"
#include "valid.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A statement and how many of the event's parameters it takes (the
 * first nparams: PostgreSQL refuses a parameter it cannot type). */
struct step {
	const char	*sql;
	int		 nparams;
};

/* Run the steps on params, in order, in the caller's transaction. When
 * last is not NULL it gets the last step's result (the cache rows,
 * RETURNING local_path) if every step succeeded. */
static int
run_in_order(const struct step *steps, size_t n, const char *const *params,
    PGresult **last)
{
	PGresult	*res;
	size_t		 i;
	int		 rc = ST_OK;

	for (i = 0; i < n && rc == ST_OK; i++) {
		res = db_exec(steps[i].sql, steps[i].nparams, params);
		rc = db_check(NULL, res, PQresultStatus(res) == PGRES_TUPLES_OK ?
		    PGRES_TUPLES_OK : PGRES_COMMAND_OK);
		if (rc == ST_OK && last != NULL && i + 1 == n)
			*last = res;
		else
			PQclear(res);
	}
	return rc;
}

/* file.deleted of photo $1 of user $2: its playlist membership (the
 * playlists trigger emits media.playlist.updated), metadata, versions and
 * cache entries. A file's life cycle: its versions go without
 * media.version.deleted (media_file_lifecycle, sql/functions/80_outbox.sql). */
static const struct step sql_file_deleted[] = {
	{ "SELECT media_file_lifecycle()", 0 },
	{ "UPDATE playlists SET updated_at = now(), photo_ids = "
	  "  (SELECT coalesce(jsonb_agg(e ORDER BY i), '[]') "
	  "   FROM jsonb_array_elements(photo_ids) WITH ORDINALITY x(e, i) "
	  "   WHERE e <> to_jsonb($1::text)) "
	  "WHERE user_id = $2::text AND photo_ids @> jsonb_build_array($1::text)", 2 },
	{ "DELETE FROM photo_metadata WHERE user_id = $2::text AND file_id = $1::text", 2 },
	{ "DELETE FROM photo_versions WHERE user_id = $2::text AND photo_id = $1::text", 2 },
	{ "DELETE FROM photo_cache WHERE user_id = $2::text AND photo_id = $1::text "
	  "RETURNING local_path", 2 },
};

int
ev_file_deleted(const struct event *ev)
{
	const char	*params[2] = { ev_str(ev->data, "file_id"), ev_str(ev->data, "user_id") };
	PGresult	*cache = NULL;
	int		 rc;

	if (params[0] == NULL || !valid_is_id(params[0]) ||
	    params[1] == NULL || !valid_is_id(params[1]))
		return ST_INVALID;
	if ((rc = db_begin(NULL)) != ST_OK)
		return rc;
	rc = run_in_order(sql_file_deleted, NELEM(sql_file_deleted), params, &cache);
	if ((rc = db_finish(NULL, rc)) == ST_OK)
		ev_unlink_rows(cache, 0);
	PQclear(cache);
	return rc;
}

/* user.deleted of user $1: every row of the user (its files go with its
 * cache folder, after the commit). The last two steps forget the stamp the deletions noted (sql/052) and remove the user's
 * events from the outbox (an outbox row carries the user's ids, labels and
 * URLs, and would otherwise stay MEDIA_OUTBOX_KEEP_HOURS or be published
 * after the erasure), keeping the erasure's own time ($2, when JetStream
 * stored it) so that a file.uploaded from before it is not handled again
 * (sql/049). */
static const struct step sql_user_deleted[] = {
	{ "DELETE FROM frames WHERE user_id = $1::text", 1 },
	{ "DELETE FROM playlists WHERE user_id = $1::text", 1 },
	{ "DELETE FROM photo_metadata WHERE user_id = $1::text", 1 },
	{ "DELETE FROM photo_versions WHERE user_id = $1::text", 1 },
	{ "DELETE FROM rotation_schedules WHERE user_id = $1::text", 1 },
	{ "DELETE FROM photo_cache WHERE user_id = $1::text", 1 },
	{ "SELECT media_user_stamp_erase($1::text)", 1 },
	{ "WITH o AS (DELETE FROM outbox WHERE payload->>'user_id' = $1::text) "
	  "INSERT INTO erased_users (user_id, erased_at) "
	  "VALUES ($1::text, to_timestamp($2::double precision)) "
	  "ON CONFLICT (user_id) DO UPDATE SET erased_at = "
	  "greatest(erased_users.erased_at, excluded.erased_at)", 2 },
};

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) != 0 && errno != ENOENT)
		log_warn("user.deleted: remove %s: %s", path, strerror(errno));
	return 0;
}

int
ev_user_deleted(const struct event *ev)
{
	const char	*user = ev_str(ev->data, "user_id");
	char		 dir[4096], at[48];
	const char	*params[2] = { user, stored_at(ev, at, sizeof(at)) };
	int		 rc;

	if (user == NULL || !valid_is_id(user))
		return ST_INVALID;
	if ((rc = db_begin(NULL)) != ST_OK)
		return rc;
	rc = run_in_order(sql_user_deleted, NELEM(sql_user_deleted), params, NULL);
	if ((rc = db_finish(NULL, rc)) != ST_OK)
		return rc;
	/* valid_is_id: no '/', never starts with '.': the path stays inside. */
	if (snprintf(dir, sizeof(dir), "%s/%s", config_get()->cache_dir, user) <
	    (int)sizeof(dir) && access(dir, F_OK) == 0)
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	log_info("user.deleted: %s erased", user);
	return ST_OK;
}
