/* store.c: a photo's content-derived file_id and its copy in the dev
 * storage folder ($MEDIA_STORAGE_DIR/<user_id>/<file_id>, what nginx
 * serves at /storage/ and the listener fetches). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "import.h"

#define PATH_LEN	4096

void
store_file_id(const char *user, const unsigned char *data, size_t len,
    char id[FILE_ID_LEN])
{
	GChecksum	*sum = g_checksum_new(G_CHECKSUM_SHA256);

	/* GLib aborts on out of memory; a command line tool may. */
	g_checksum_update(sum, (const guchar *)user, (gssize)strlen(user) + 1);
	g_checksum_update(sum, data, (gssize)len);
	snprintf(id, FILE_ID_LEN, "imp_%.44s", g_checksum_get_string(sum));
	g_checksum_free(sum);
}

/* mkdir that accepts a folder already there. */
static int
ensure_dir(const char *path)
{
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int
store_put(const char *storage_dir, const char *user, const char *file_id,
    const unsigned char *data, size_t len, char *why, size_t whylen)
{
	char		 dir[PATH_LEN], path[PATH_LEN], tmp[PATH_LEN];
	struct stat	 st;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd = -1, rc = -1;

	*tmp = '\0';
	if (snprintf(dir, sizeof(dir), "%s/%s", storage_dir, user) >= (int)sizeof(dir) ||
	    snprintf(path, sizeof(path), "%s/%s", dir, file_id) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.import-XXXXXX", dir) >= (int)sizeof(tmp)) {
		snprintf(why, whylen, "MEDIA_STORAGE_DIR is too long");
		*tmp = '\0';
		goto cleanup;
	}
	/* Identical content makes an identical name: one there is this one. */
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len)
		return 0;
	if (ensure_dir(storage_dir) != 0 || ensure_dir(dir) != 0) {
		snprintf(why, whylen, "storage folder %s: %s", dir, strerror(errno));
		*tmp = '\0';
		goto cleanup;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(why, whylen, "storage: %s", strerror(errno));
		*tmp = '\0';
		goto cleanup;
	}
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			snprintf(why, whylen, "storage: write: %s", strerror(errno));
			goto cleanup;
		}
		off += (size_t)n;
	}
	/* 0644: nginx (another user on the dev stack) serves it. */
	if (fchmod(fd, 0644) != 0 || close(fd) != 0) {
		fd = -1;
		snprintf(why, whylen, "storage: %s", strerror(errno));
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		snprintf(why, whylen, "storage: rename: %s", strerror(errno));
		goto cleanup;
	}
	*tmp = '\0';
	rc = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	if (*tmp != '\0')
		unlink(tmp);
	return rc;
}
