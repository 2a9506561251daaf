/* common.c: what every harness shares: no database, no log noise, and
 * the check that turns a broken promise into a crash libFuzzer reports. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

/*
 * The database: the harnesses run the real db.c against a PostgreSQL that
 * is not there (a Unix socket directory that does not exist), so every
 * handler runs its parse and validate steps on the input and its first
 * query fails as in an outage: a 503, one more path the contract rules.
 * No stub of ours stands in for db.c, and no run can reach a real
 * database, whatever the environment says.
 */
void
fuzz_offline(void)
{
	FILE	*null;

	setenv("MEDIA_PG_HOST", "/nonexistent/media-fuzz", 1);
	setenv("MEDIA_LOG_LEVEL", "error", 1);
	/* log.c writes through stdio's stderr; the sanitizers and libFuzzer
	 * write to descriptor 2 (or their own copy of it), which stays. */
	if ((null = fopen("/dev/null", "w")) != NULL)
		stderr = null;
}

void
fuzz_check(bool cond)
{
	if (!cond)
		abort();
}
