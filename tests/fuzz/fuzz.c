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

struct fuzz_group	 fuzz_groups[16];
size_t			 fuzz_n_groups;

/* FUZZ_GROUPS (from the Makefile) is X(cache) X(frames) ...: each
 * functions/<g>/main.c is built with main = fuzz_main_<g>. */
#define X(g)	int fuzz_main_##g(void);
FUZZ_GROUPS
#undef X

int
fuzz_routes(const char *function, const struct route *routes, size_t n)
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
#define X(g)	fuzz_main_##g();
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
	writer(&f->out, f->out_buf, sizeof(f->out_buf));
	writer(&f->err, f->err_buf, sizeof(f->err_buf));
	f->fr.in = &f->in;
	f->fr.out = &f->out;
	f->fr.err = &f->err;
	f->fr.envp = env->v;
	f->fr.ipcFd = -1;
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
	if (!good) {
		printf("fuzz: error body is not {detail, code}: %.*s\n", (int)len, body);
		fflush(stdout);
		abort();
	}
}

int
fuzz_serve(struct fuzz_fcgi *f, const struct fuzz_group *g)
{
	static struct arena	*a;
	const char	*out = (const char *)f->out_buf, *body;
	size_t		 len;
	int		 http = 0;

	/* One arena for all runs, reset after each, as serve()'s loop does. */
	if (a == NULL && (a = arena_new()) == NULL)
		abort();
	serve_handle(&f->fr, a, g->routes, g->n_routes);
	arena_reset(a);
	len = (size_t)(f->out.wrNext - f->out_buf);
	if (getenv("FUZZ_VERBOSE") != NULL)	/* to see what a seed reaches */
		printf("%.*s\n", (int)len, out);
	if (len < 12 || sscanf(out, "Status: %3d ", &http) != 1) {
		printf("fuzz: reply has no Status line: %.*s\n", (int)len, out);
		fflush(stdout);
		abort();
	}
	if (http == 500) {
		printf("fuzz: a 500: %.*s\n", (int)len, out);
		fflush(stdout);
		abort();
	}
	body = memmem(out, len, "\r\n\r\n", 4);
	if (http >= 400 && body != NULL && !f->out.isClosed &&
	    body + 4 < out + len)
		check_error_body(body + 4, (size_t)(out + len - body - 4));
	return http;
}
