/* cache.h: the cache function's handlers (contract §3.5). */
#ifndef CACHE_H
#define CACHE_H

struct req;

int	cache_create(struct req *);
int	cache_list(struct req *);
int	cache_get(struct req *);
int	cache_delete(struct req *);
int	cache_hit(struct req *);
int	cache_evict(struct req *);

#endif
