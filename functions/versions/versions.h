/* versions.h: the versions function's handlers and shared pieces (contract §3.1). */
#ifndef VERSIONS_H
#define VERSIONS_H

#include <libpq-fe.h>

struct req;

/*
 * Inside the caller's transaction: serialise every change to photo's
 * versions (BR-M001: gap-free numbers, one current version) until the
 * transaction ends, and refuse another user's photo with a 404. Returns a
 * status, recorded in r on failure.
 */
int	versions_lock_photo(struct req *, const char *photo);
/* Make no version of photo current except keep (NULL: none). A status. */
int	versions_clear_current(struct req *, const char *photo, const char *keep);
/* Send the single-row JSON result res with status http (404 if no row). */
int	versions_reply(struct req *, const PGresult *res, int http);

int	versions_create(struct req *);
int	versions_list(struct req *);
int	versions_get(struct req *);
int	versions_set_current(struct req *);
int	versions_delete(struct req *);

#endif
