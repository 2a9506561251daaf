/*
 * fuzz_body.c: every JSON body validator. Byte 0 picks a target, the rest
 * is the body (Content-Type application/json, user_id given):
 *
 *  - a route that takes a body: the request runs through serve_handle()
 *    (fuzz.c), so the body meets req_read_json, jsonbody_check (duplicate
 *    keys, numbers) and the handler's own validator (versions create,
 *    metadata put and query, cache create, frames put, playlists create
 *    and add photos, schedules create and update with criteria.c, tz.c,
 *    jsontext.c inside) before the first query fails (no database);
 *  - PUT /playlists/{id} checks its body against the stored type, read
 *    from the database first, so playlist_body_parse() is called here
 *    for each stored type, on a body that req_read_json() parsed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "fuzz.h"
#include "playlists/playlists.h"
#include "req.h"

#define Q	"?user_id=u_fuzz"

static const struct target {
	const char	*group;
	const char	*method;
	const char	*uri;		/* NULL: PUT /playlists' stored type */
	const char	*type;
} targets[] = {
	{ "playlists", "POST", API "/playlists" Q, NULL },
	{ "playlists", "POST", API "/playlists/pl_1/photos" Q, NULL },
	{ "schedules", "POST", API "/schedules" Q, NULL },
	{ "schedules", "PUT", API "/schedules/sc_1" Q, NULL },
	{ "versions", "POST", API "/photos/ph_1/versions" Q, NULL },
	{ "metadata", "PUT", API "/metadata/ph_1" Q, NULL },
	{ "metadata", "POST", API "/metadata/query" Q, NULL },
	{ "cache", "POST", API "/cache" Q, NULL },
	{ "frames", "PUT", API "/frames/fr_1" Q, NULL },
	{ "playlists", NULL, NULL, "manual" },
	{ "playlists", NULL, NULL, "smart" },
	{ "playlists", NULL, NULL, "ai_curated" },
};

static struct fuzz_fcgi	 f;

static const struct fuzz_group *
group(const char *name)
{
	size_t	 i;

	for (i = 0; i < fuzz_n_groups; i++)
		if (strcmp(fuzz_groups[i].name, name) == 0)
			return &fuzz_groups[i];
	return NULL;
}

/* The update validator of a playlist of stored type t, after the loop's
 * own body parsing. */
static void
playlist_update(const char *t)
{
	static struct arena	*a;
	struct playlist_body	 out;
	struct req		 r;

	if (a == NULL && (a = arena_new()) == NULL)
		return;
	memset(&r, 0, sizeof(r));
	r.fcgi = &f.fr;
	r.arena = a;
	r.method = M_PUT;
	r.user_id = "u_fuzz";
	if (req_read_json(&r, true) == ST_OK)
		playlist_body_parse(&r, r.body, t, false, &out);
	cJSON_Delete(r.body);
	arena_reset(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct target	*t;
	const struct fuzz_group	*g;
	struct fuzz_env		 env = { .n = 0 };
	char			 cl[24];

	if (size < 1)
		return 0;
	t = &targets[data[0] % (sizeof(targets) / sizeof(targets[0]))];
	if ((g = group(t->group)) == NULL)
		return 0;
	snprintf(cl, sizeof(cl), "%zu", size - 1);
	fuzz_env_add(&env, "CONTENT_LENGTH", cl, strlen(cl));
	fuzz_env_add(&env, "CONTENT_TYPE", "application/json", 16);
	if (t->uri != NULL) {
		fuzz_env_add(&env, "REQUEST_METHOD", t->method, strlen(t->method));
		fuzz_env_add(&env, "REQUEST_URI", t->uri, strlen(t->uri));
	}
	fuzz_fcgi_init(&f, &env, data + 1, size - 1);
	if (t->uri != NULL)
		fuzz_serve(&f, g);
	else
		playlist_update(t->type);
	fuzz_env_free(&env);
	return 0;
}
