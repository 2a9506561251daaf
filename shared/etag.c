/* etag.c: If-None-Match against an entity tag (RFC 9110 §13.1.2). */
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "etag.h"

bool
etag_matches(const char *inm, const char *etag)
{
	size_t		 n = strlen(etag), len;
	const char	*p = inm;

	if (p == NULL)
		return false;
	/* A list of tags separated by commas and optional whitespace. */
	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;	/* weak comparison: GET may use it (RFC 9110 §13.1.2) */
		if (*p != '"') {
			p += strcspn(p, ",");
			continue;
		}
		len = strcspn(p + 1, "\"");
		if (p[1 + len] != '"')
			return false;	/* an unterminated tag ends the header */
		if (len + 2 == n && strncmp(p, etag, n) == 0)
			return true;
		p += len + 2;
	}
	return false;
}

char *
etag_single(struct arena *a, const char *inm)
{
	const char	*p = inm;
	size_t		 len;

	if (p == NULL)
		return NULL;
	p += strspn(p, " \t");
	if (strncmp(p, "W/", 2) == 0)
		p += 2;
	if (*p != '"')
		return NULL;
	len = strcspn(p + 1, "\"");
	if (p[1 + len] != '"' || p[2 + len + strspn(p + 2 + len, " \t")] != '\0')
		return NULL;
	return arena_strndup(a, p + 1, len);
}
