/* cache.h: the cache function's handlers and shared pieces (contract §3.5). */
#ifndef CACHE_H
#define CACHE_H

#include <libpq-fe.h>

struct req;

/* Send the single-row JSON result res (column 0) with status http; 404
 * when there is no row. */
int	cache_reply(struct req *, const PGresult *res, int http);

int	cache_create(struct req *);
int	cache_list(struct req *);
int	cache_get(struct req *);
int	cache_delete(struct req *);
int	cache_hit(struct req *);
int	cache_evict(struct req *);

#endif
