/* ids.c: ids from getrandom(2); never rand(), never a counter. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "arena.h"
#include "ids.h"

#define ID_RANDOM_BYTES	12

char *
ids_new(struct arena *a, const char *prefix)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	 raw[ID_RANDOM_BYTES];
	size_t		 plen = strlen(prefix), got = 0, i;
	ssize_t		 n;
	char		*id;

	while (got < sizeof(raw)) {
		n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		got += (size_t)n;
	}
	if ((id = arena_alloc(a, plen + 2 * sizeof(raw) + 1)) == NULL)
		return NULL;
	memcpy(id, prefix, plen);
	for (i = 0; i < sizeof(raw); i++) {
		id[plen + 2 * i] = hex[raw[i] >> 4];
		id[plen + 2 * i + 1] = hex[raw[i] & 15];
	}
	id[plen + 2 * sizeof(raw)] = '\0';
	return id;
}
