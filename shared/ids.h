/* ids.h: server-made ids: a prefix and 24 lowercase hex chars from a CSPRNG. */
#ifndef SHARED_IDS_H
#define SHARED_IDS_H

#include <stddef.h>

struct arena;

/*
 * A new id such as "pl_3f9c..." (prefix + 24 hex chars from getrandom(2)).
 * Arena string; NULL when randomness or memory is unavailable.
 */
char	*ids_new(struct arena *, const char *prefix);

#endif
