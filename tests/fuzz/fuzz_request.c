/*
 * fuzz_request.c: the request path. The input is one HTTP request as
 * nginx would pass it to a FastCGI function:
 *
 *	byte 0		which function's route table (mod the number of them)
 *	METHOD URI\n	URI with the query string
 *	Name: value\n	headers, up to an empty line (Content-Type and
 *			Content-Length become CONTENT_TYPE, CONTENT_LENGTH;
 *			others HTTP_NAME, e.g. X-Internal-Call)
 *	body		the rest; CONTENT_LENGTH is its length unless given
 *
 * It runs through serve_handle(), the loop's own per-request code, with
 * the real route tables and handlers: routing (404, 405), identity,
 * query, path and body parsing, every validator, up to the first query,
 * which fails as in an outage (fuzz.c: db.c runs, no database is there).
 * fuzz_serve() checks the reply: never a 500, errors in JSON.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"

static struct fuzz_fcgi	 f;

/* "Name: value" into HTTP_NAME (or CONTENT_*); true for Content-Length. */
static int
header(struct fuzz_env *env, const char *line, size_t len)
{
	const char	*colon = memchr(line, ':', len), *v;
	char		 name[64] = "HTTP_";
	size_t		 i, n, off = 5;

	if (colon == NULL || (n = (size_t)(colon - line)) == 0 || n > 40)
		return 0;
	if ((n == 12 && strncasecmp(line, "Content-Type", 12) == 0) ||
	    (n == 14 && strncasecmp(line, "Content-Length", 14) == 0))
		off = 0;
	for (i = 0; i < n; i++)
		name[off + i] = line[i] == '-' ? '_' : (char)toupper((unsigned char)line[i]);
	name[off + n] = '\0';
	for (v = colon + 1; v < line + len && *v == ' '; v++)
		continue;
	fuzz_env_add(env, name, v, (size_t)(line + len - v));
	return off == 0 && n == 14;
}

/* The next line of [*p, end) without its \n; NULL at the end. */
static const char *
next_line(const char **p, const char *end, size_t *len)
{
	const char	*s = *p, *nl;

	if (s >= end)
		return NULL;
	nl = memchr(s, '\n', (size_t)(end - s));
	*len = nl ? (size_t)(nl - s) : (size_t)(end - s);
	*p = nl ? nl + 1 : end;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_env	 env = { .n = 0 };
	const char	*p = (const char *)data + 1, *end = (const char *)data + size;
	const char	*line, *sp;
	size_t		 len;
	int		 has_cl = 0;
	char		 cl[24];

	if (size < 1 || fuzz_n_groups == 0)
		return 0;
	if ((line = next_line(&p, end, &len)) == NULL)
		return 0;
	sp = memchr(line, ' ', len);
	fuzz_env_add(&env, "REQUEST_METHOD", line, sp ? (size_t)(sp - line) : len);
	if (sp != NULL)
		fuzz_env_add(&env, "REQUEST_URI", sp + 1, (size_t)(line + len - sp - 1));
	while ((line = next_line(&p, end, &len)) != NULL && len > 0)
		has_cl |= header(&env, line, len);
	if (!has_cl) {
		snprintf(cl, sizeof(cl), "%zu", (size_t)(end - p));
		fuzz_env_add(&env, "CONTENT_LENGTH", cl, strlen(cl));
	}
	fuzz_fcgi_init(&f, &env, (const unsigned char *)p, (size_t)(end - p));
	fuzz_serve(&f, &fuzz_groups[data[0] % fuzz_n_groups]);
	fuzz_env_free(&env);
	return 0;
}
