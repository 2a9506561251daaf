/* fuzz.h: what the libFuzzer harnesses share: a FastCGI request on
 * streams in memory, run through the real loop (serve_handle), and the
 * real route tables of the FastCGI functions. */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>

#include "serve.h"

#define FUZZ_ENV_MAX	48	/* FastCGI parameters of one request */
#define FUZZ_OUT_MAX	(256 * 1024)

/* One FastCGI function's route table, as its main.c hands it to serve(). */
struct fuzz_group {
	const char		*name;
	const struct route	*routes;
	size_t			 n_routes;
};

/* The parameters of one request, "NAME=value" strings, NULL-terminated. */
struct fuzz_env {
	char	*v[FUZZ_ENV_MAX + 1];
	size_t	 n;
};

/* The request's streams: stdin from a buffer, stdout into out[]. */
struct fuzz_fcgi {
	FCGX_Request	 fr;
	FCGX_Stream	 in, out, err;
	unsigned char	 out_buf[FUZZ_OUT_MAX];
	unsigned char	 err_buf[256];
};

/* libFuzzer's entry points: each harness defines the second; fuzz.c the
 * first for the request harnesses (fuzz_setup). */
int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Once, from LLVMFuzzerInitialize, in every harness: point the
 * configuration at a database that cannot be reached (common.c says
 * why) and send the service's log lines to /dev/null. Cannot fail.
 */
void	fuzz_offline(void);
/* Abort (a crash to libFuzzer) unless cond: a contract broken. */
void	fuzz_check(bool cond);
/*
 * Once, from LLVMFuzzerInitialize of a request harness: fuzz_offline(),
 * and collect the route tables of every function of
 * FUZZ_GROUPS by calling its main() (compiled with serve = tables_add).
 */
void	fuzz_setup(void);
/* The route tables fuzz_setup() collected. */
extern struct fuzz_group	fuzz_groups[];
extern size_t			fuzz_n_groups;
/* What main.c calls instead of serve() in the fuzz build: keep the table. */
int	tables_add(const char *function, const struct route *routes, size_t n);

/* Add NAME=value (value of vlen bytes; a NUL in it ends it, as in a C
 * environment) to env; ignored when env is full. Cannot fail but on out
 * of memory, which aborts: a harness is no request path. */
void	fuzz_env_add(struct fuzz_env *, const char *name, const char *value, size_t vlen);
void	fuzz_env_free(struct fuzz_env *);

/* Make f a request with parameters env and stdin body (len bytes). */
void	fuzz_fcgi_init(struct fuzz_fcgi *f, struct fuzz_env *env,
	    const unsigned char *body, size_t len);

/*
 * Run the request of f through serve_handle() with g's routes and check
 * the reply against contract §2: a "Status:" line, never a 500, and an
 * error status has a JSON body {"detail","code"[,"field"]}. A broken rule
 * aborts, which libFuzzer reports as a crash. Returns the HTTP status.
 */
int	fuzz_serve(struct fuzz_fcgi *f, const struct fuzz_group *g);

#endif
