/* fixture.h: one struct req with an arena, emptied before each check. */
#ifndef TESTS_FIXTURE_H
#define TESTS_FIXTURE_H

#include <string.h>

#include "arena.h"
#include "req.h"

static struct req	r;

/* Forget the last check's outcome and memory; keep the arena. */
static inline void
reset(void)
{
	struct arena	*a = r.arena;

	if (a == NULL)
		a = arena_new();
	arena_reset(a);
	memset(&r, 0, sizeof(r));
	r.arena = a;
}

#endif
