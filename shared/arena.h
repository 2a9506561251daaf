/* arena.h: per-request memory, released all at once between requests. */
#ifndef SHARED_ARENA_H
#define SHARED_ARENA_H

#include <stddef.h>

struct arena;

/* A new arena; NULL when out of memory. Release with arena_free(). */
struct arena	*arena_new(void);
/* Release everything, the arena too. NULL-safe. */
void		 arena_free(struct arena *);
/* Forget every allocation, keep the first block for the next request. */
void		 arena_reset(struct arena *);
/* n zeroed bytes, aligned for any type; NULL when out of memory. Arena memory. */
void		*arena_alloc(struct arena *, size_t n);
/* A copy of s (NULL gives NULL); arena string, do not free. */
char		*arena_strdup(struct arena *, const char *s);
/* A copy of the n bytes at s plus a NUL; arena string. */
char		*arena_strndup(struct arena *, const char *s, size_t n);
/* printf into the arena; NULL on error or out of memory. Arena string. */
char		*arena_printf(struct arena *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
