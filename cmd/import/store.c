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

#include <openssl/evp.h>

#include "import.h"

#define PATH_LEN	4096

int
store_file_id(const char *user, const unsigned char *data, size_t len,
    char id[FILE_ID_LEN])
{
	static const char hex[] = "0123456789abcdef";
	EVP_MD_CTX	*ctx;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 n = 0, i;
	int		 ok;

	/* OpenSSL's SHA-256 uses the CPU's SHA instructions: hashing is most
	 * of this command's own work, and it competes with the analysis. */
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, user, strlen(user) + 1) == 1 &&
	    EVP_DigestUpdate(ctx, data, len) == 1 &&
	    EVP_DigestFinal_ex(ctx, md, &n) == 1 && n == 32;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return -1;
	memcpy(id, "imp_", 4);
	for (i = 0; i < 22; i++) {
		id[4 + 2 * i] = hex[md[i] >> 4];
		id[4 + 2 * i + 1] = hex[md[i] & 15];
	}
	id[FILE_ID_LEN - 1] = '\0';
	return 0;
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
