/* cachefile.c: removing the files of cache entries from MEDIA_CACHE_DIR. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "cachefile.h"
#include "config.h"
#include "log.h"
#include "valid.h"

#define CACHE_ID_LEN	30	/* "cache_" + 24 hex */

bool
cachefile_is_id(const char *id)
{
	return id != NULL && strlen(id) == CACHE_ID_LEN &&
	    strncmp(id, "cache_", 6) == 0 &&
	    strspn(id + 6, "0123456789abcdef") == CACHE_ID_LEN - 6;
}

int
cachefile_remove(const char *dir, const char *user, const char *frame, const char *id)
{
	char		 path[4096];
	DIR		*d = NULL;
	struct dirent	*e;
	int		 n = 0, fd;

	/* Checked ids hold no '/' and do not start with '.': no way out of dir. */
	if (!valid_is_id(user) || !valid_is_id(frame) || !cachefile_is_id(id))
		return -1;
	if (snprintf(path, sizeof(path), "%s/%s/%s", dir, user, frame) >= (int)sizeof(path))
		return -1;
	if ((d = opendir(path)) == NULL) {
		if (errno == ENOENT)
			return 0;
		log_error("cachefile_remove: opendir %s: %s", path, strerror(errno));
		return -1;
	}
	fd = dirfd(d);
	/* <cache_id>.<ext>: the name the download worker renames into place. */
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, id, CACHE_ID_LEN) != 0 || e->d_name[CACHE_ID_LEN] != '.')
			continue;
		if (unlinkat(fd, e->d_name, 0) == 0)
			n++;
		else if (errno != ENOENT)
			log_error("cachefile_remove: unlink %s/%s: %s", path, e->d_name,
			    strerror(errno));
	}
	closedir(d);
	return n;
}

void
cachefile_remove_rows(const PGresult *res, int col)
{
	const char	*dir = config_get()->cache_dir;
	int		 i;

	for (i = 0; res != NULL && i < PQntuples(res); i++) {
		if (PQgetisnull(res, i, col + 2))
			continue;
		cachefile_remove(dir, PQgetvalue(res, i, col), PQgetvalue(res, i, col + 1),
		    PQgetvalue(res, i, col + 2));
	}
}
