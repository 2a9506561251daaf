/* versions.h: the versions function's handlers and shared pieces (contract §3.1). */
#ifndef VERSIONS_H
#define VERSIONS_H

#include <libpq-fe.h>

struct req;

/*
 * Open the transaction of a change to the versions of the caller's photo
 * and serialise every such change until it ends (BR-M001: gap-free
 * numbers, one current version). The routes have R_USER: r->user_id is
 * set. The caller ends the transaction with db_finish() whatever this
 * returns. A status, recorded in r.
 */
int	versions_begin(struct req *, const char *photo);
/* Make no version of the caller's photo current except keep (NULL: none). A status. */
int	versions_clear_current(struct req *, const char *photo, const char *keep);
/* Send the single-row JSON result res with status http (404 if no row). */
int	versions_reply(struct req *, const PGresult *res, int http);

int	versions_create(struct req *);
int	versions_list(struct req *);
int	versions_get(struct req *);
int	versions_set_current(struct req *);
int	versions_delete(struct req *);

#endif
