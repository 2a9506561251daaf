/* cachefile.h: the files of cache entries under MEDIA_CACHE_DIR. */
#ifndef SHARED_CACHEFILE_H
#define SHARED_CACHEFILE_H

#include <stdbool.h>

#include <libpq-fe.h>

/* Download queue priorities by name: the numbers (cache_jobs.priority,
 * higher first) have one home, media_cache_priority() in
 * sql/functions/50_cache.sql; statements pass the name to it. */
#define CACHE_PRIO_REQUEST	"request"	/* POST /cache */
#define CACHE_PRIO_SHOWING	"showing"	/* a frame asked for photos not yet queued */
#define CACHE_PRIO_SCHEDULE	"schedule"	/* BR-M008: schedule created or activated */

/* True for a server-made cache id: "cache_" + 24 lowercase hex chars. */
bool	cachefile_is_id(const char *cache_id);
/*
 * Remove the file(s) of entry cache_id of user and frame from dir:
 * dir/<user>/<frame>/<cache_id>.<any extension> (contract §3.5). The ids
 * are checked first, so nothing outside dir is touched. A missing file is
 * fine; other failures are logged. Returns the number of files removed,
 * -1 on bad ids or an unreadable folder.
 */
int	cachefile_remove(const char *dir, const char *user, const char *frame,
	    const char *cache_id);
/*
 * cachefile_remove() under the configured MEDIA_CACHE_DIR for every row of
 * res, whose columns col, col + 1, col + 2 are user_id, frame_id, cache_id
 * (NULL cache_ids are skipped). Best effort, after the rows' deletion
 * committed: a file left behind is logged, never an error for the client.
 */
void	cachefile_remove_rows(const PGresult *res, int col);

#endif
