/* jobfile.c: a download job's files on disk: its folder under the cache
 * folder, its dot-named temp file, and the temp files a dead worker left
 * (download.c writes the bytes, render.c makes the frame's file). */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "listener.h"
#include "log.h"

/* mkdir -p for dir (under the cache folder, which exists). */
static int
make_dirs(const char *dir)
{
	char	 p[PATH_MAX];
	char	*s;

	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return -1;
	for (s = p + strlen(config_get()->cache_dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/*
 * A listener killed mid-download (kill -9, a crash) leaves its temp files,
 * named for its lease, and nobody else would ever remove them. Whoever
 * takes the job next removes every one of the job's but its own (which
 * does not exist yet). A worker whose lease merely ran out and still
 * writes loses nothing of value: its lease is no longer the job's, so it
 * could record nothing anyway (render.c, record()).
 */
static void
drop_dead_temps(const struct cache_job *j)
{
	char	 pat[PATH_MAX];
	glob_t	 g;
	size_t	 i;

	/* Ids are valid_is_id-checked: no glob metacharacters. */
	if (snprintf(pat, sizeof(pat), "%s/.%s.*", j->dir, j->cache_id) >= (int)sizeof(pat))
		return;
	if (glob(pat, GLOB_NOSORT, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			if (unlink(g.gl_pathv[i]) == 0)
				log_info("download: %s: removed %s, left by an earlier lease",
				    j->cache_id, g.gl_pathv[i]);
	}
	globfree(&g);
}

FILE *
jobfile_open(const struct cache_job *j)
{
	if (make_dirs(j->dir) != 0)
		return NULL;
	drop_dead_temps(j);
	return fopen(j->tmp, "wb");
}
