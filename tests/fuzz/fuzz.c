/* fuzz.c: requests on streams in memory for the harnesses (fuzz.h). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <fcgiapp.h>

#include "arena.h"
#include "fuzz.h"
#include "serve.h"
#include "utf8.h"

struct fuzz_group	 fuzz_groups[16];
size_t			 fuzz_n_groups;

/* FUZZ_GROUPS (from the Makefile) is X(cache) X(frames) ...: each
 * functions/<g>/main.c is built with main = tables_main_<g>. */
#define X(g)	int tables_main_##g(void);
FUZZ_GROUPS
#undef X

int
tables_add(const char *function, const struct route *routes, size_t n)
{
	if (fuzz_n_groups < sizeof(fuzz_groups) / sizeof(fuzz_groups[0]))
		fuzz_groups[fuzz_n_groups++] = (struct fuzz_group){ function, routes, n };
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

void
fuzz_setup(void)
{
	fuzz_offline();
#define X(g)	tables_main_##g();
	FUZZ_GROUPS
#undef X
}

void
fuzz_env_add(struct fuzz_env *env, const char *name, const char *value, size_t vlen)
{
	size_t	 nlen = strlen(name);
	char	*s;

	if (env->n == FUZZ_ENV_MAX)
		return;
	if ((s = malloc(nlen + 1 + vlen + 1)) == NULL)
		abort();
	memcpy(s, name, nlen);
	s[nlen] = '=';
	memcpy(s + nlen + 1, value, vlen);
	s[nlen + 1 + vlen] = '\0';
	env->v[env->n++] = s;
	env->v[env->n] = NULL;
}

void
fuzz_env_free(struct fuzz_env *env)
{
	size_t	 i;

	for (i = 0; i < env->n; i++)
		free(env->v[i]);
	env->n = 0;
	env->v[0] = NULL;
}

/* The whole body is in the buffer: a reader asking for more finds EOF. */
static void
fill_eof(FCGX_Stream *s)
{
	s->isClosed = 1;
}

/* The reply buffer is full: later writes fail, as on a closed socket. */
static void
empty_full(FCGX_Stream *s, int doClose)
{
	(void)doClose;
	s->isClosed = 1;
}

static void
writer(FCGX_Stream *s, unsigned char *buf, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->wrNext = s->stopUnget = buf;
	s->stop = buf + len;
	s->emptyBuffProc = empty_full;
}

void
fuzz_fcgi_init(struct fuzz_fcgi *f, struct fuzz_env *env, const unsigned char *body,
    size_t len)
{
	memset(&f->fr, 0, sizeof(f->fr));
	memset(&f->in, 0, sizeof(f->in));
	/* libfcgi reads but never writes through rdNext. */
	f->in.rdNext = f->in.stopUnget = (unsigned char *)(uintptr_t)body;
	f->in.stop = f->in.rdNext + len;
	f->in.isReader = 1;
	f->in.fillBuffProc = fill_eof;
	/* One byte short: fuzz_serve() ends the reply with a NUL. */
	writer(&f->out, f->out_buf, sizeof(f->out_buf) - 1);
	writer(&f->err, f->err_buf, sizeof(f->err_buf));
	f->fr.in = &f->in;
	f->fr.out = &f->out;
	f->fr.err = &f->err;
	f->fr.envp = env->v;
	f->fr.ipcFd = -1;
}

static void
fail(const char *why, const char *s, size_t len)
{
	printf("fuzz: %s: %.*s\n", why, (int)len, s);
	fflush(stdout);
	abort();
}

/* Contract §2: an error answers {"detail": s, "code": s[, "field": s]};
 * §3.6: but GET /health's 503 is its own {"status": "unhealthy", ...}. */
static void
check_error_body(const char *body, size_t len)
{
	cJSON		*e = cJSON_ParseWithLength(body, len);
	const cJSON	*st = cJSON_GetObjectItemCaseSensitive(e, "status");
	bool		 good;

	good = (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "detail")) &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "code"))) ||
	    (cJSON_IsString(st) && strcmp(st->valuestring, "unhealthy") == 0);
	cJSON_Delete(e);
	if (!good)
		fail("error body is not {detail, code}", body, len);
}

/* Every line log.c wrote for the request is one JSON object (issue 10,
 * finding 6: a long path made a line with a NUL byte). */
static void
check_log(const char *log, size_t len)
{
	const char	*line, *nl;
	cJSON		*j;

	for (line = log; line < log + len; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(log + len - line))) == NULL)
			fail("log line without a newline", line, (size_t)(log + len - line));
		if (!utf8_valid(line, (size_t)(nl - line)))
			fail("log line is not UTF-8", line, (size_t)(nl - line));
		j = cJSON_ParseWithLength(line, (size_t)(nl - line));
		if (!cJSON_IsObject(j))
			fail("log line is not a JSON object", line, (size_t)(nl - line));
		cJSON_Delete(j);
	}
}

/* The reply: "Status:", never a 500, a Content-Length that is the body's
 * length, a body of UTF-8 (RFC 8259 §8.1, also where it echoes input), an
 * error body as contract §2 says. */
static int
check_reply(const struct fuzz_fcgi *f, const char *out, size_t len)
{
	const char	*body, *cl;
	size_t		 blen;
	int		 http = 0;

	if (len < 12 || sscanf(out, "Status: %3d ", &http) != 1)
		fail("reply has no Status line", out, len);
	if (http == 500)
		fail("a 500", out, len);
	if (f->out.isClosed || (body = memmem(out, len, "\r\n\r\n", 4)) == NULL)
		return http;	/* longer than out_buf: not checked */
	body += 4;
	blen = (size_t)(out + len - body);
	if (!utf8_valid(body, blen))
		fail("body is not UTF-8", out, len);
	cl = memmem(out, (size_t)(body - out), "Content-Length: ", 16);
	if (blen > 0 && (cl == NULL || strtoull(cl + 16, NULL, 10) != blen))
		fail("Content-Length is not the body's length", out, len);
	if (http >= 400 && blen > 0)
		check_error_body(body, blen);
	return http;
}

int
fuzz_serve(struct fuzz_fcgi *f, const struct fuzz_group *g)
{
	static struct arena	*a;
	FILE			*saved = stderr;
	char			*log = NULL;
	size_t			 loglen = 0, len;

	/* One arena for all runs, reset after each, as serve()'s loop does. */
	if (a == NULL && (a = arena_new()) == NULL)
		abort();
	if ((stderr = open_memstream(&log, &loglen)) == NULL)
		abort();
	serve_handle(&f->fr, a, g->routes, g->n_routes);
	arena_reset(a);
	fclose(stderr);
	stderr = saved;
	check_log(log, loglen);
	free(log);
	len = (size_t)(f->out.wrNext - f->out_buf);
	f->out_buf[len] = '\0';
	if (getenv("FUZZ_VERBOSE") != NULL)	/* to see what a seed reaches */
		printf("%s\n", (const char *)f->out_buf);
	return check_reply(f, (const char *)f->out_buf, len);
}
