/* one.c: one file of the folder into the service: read beneath DIR, told
 * apart by its bytes (not its name), named by them, copied into the dev
 * storage folder and announced with file.uploaded (contract §4). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "bus.h"
#include "import.h"
#include "status.h"
#include "valid.h"

#define HEAD_LEN	256	/* enough for any magic, and an ftyp box's brands */
#define NAME_MAX_CHARS	255	/* what the listener keeps as version_name */

static void
set(struct item *it, enum outcome o, const char *fmt, const char *arg)
{
	it->outcome = o;
	snprintf(it->why, sizeof(it->why), fmt, arg);
}

/* Read all of fd (at most max bytes: one more says "too large"). The
 * size fstat gave is a hint only: the file may change while we read. */
static unsigned char *
read_all(int fd, size_t hint, size_t max, size_t *len, int *err)
{
	unsigned char	*buf = NULL, *grown;
	size_t		 cap = (hint < max ? hint : max) + 1, got = 0;
	ssize_t		 n;

	*err = 0;
	if ((buf = malloc(cap)) == NULL) {
		*err = ENOMEM;
		return NULL;
	}
	for (;;) {
		if (got == cap) {
			if (cap > max) 
				break;	/* max + 1 bytes: too large */
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			if ((grown = realloc(buf, cap)) == NULL) {
				*err = ENOMEM;
				break;
			}
			buf = grown;
		}
		if ((n = read(fd, buf + got, cap - got)) < 0) {
			if (errno == EINTR)
				continue;
			*err = errno;
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (*err != 0) {
		free(buf);
		return NULL;
	}
	*len = got;
	return buf;
}

int
one_metadata(struct run *r, const char *file_id, long *status, cJSON **out,
    char *why, size_t whylen)
{
	char	 path[256];

	/* Both are valid ids: nothing in them needs escaping in a URL. */
	snprintf(path, sizeof(path), "/metadata/%s?user_id=%s", file_id, r->user);
	return api_call(&r->api, "GET", path, NULL, status, out, why, whylen);
}

/* file.uploaded in its flat form, with file_name when it is text the
 * listener keeps (else it would drop the name, not the photo). */
static int
announce(struct run *r, const struct item *it)
{
	cJSON		*ev = NULL;
	char		*body = NULL, msg_id[FILE_ID_LEN + 16];
	const char	*name = strrchr(it->rel, '/');
	size_t		 n_chars;
	int		 rc = ST_UNAVAILABLE;

	name = name != NULL ? name + 1 : it->rel;
	if ((ev = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(ev, "event_type", "file.uploaded") == NULL ||
	    cJSON_AddStringToObject(ev, "file_id", it->file_id) == NULL ||
	    cJSON_AddStringToObject(ev, "user_id", r->user) == NULL ||
	    cJSON_AddStringToObject(ev, "content_type", it->content_type) == NULL ||
	    (valid_is_text(name, &n_chars) && n_chars >= 1 && n_chars <= NAME_MAX_CHARS &&
	    cJSON_AddStringToObject(ev, "file_name", name) == NULL) ||
	    (body = cJSON_PrintUnformatted(ev)) == NULL)
		goto cleanup;
	/* A publish retried after a lost ack is dropped by JetStream. */
	snprintf(msg_id, sizeof(msg_id), "import-%s", it->file_id);
	rc = bus_publish(&r->bus, "file.uploaded", msg_id, body);
cleanup:
	free(body);
	cJSON_Delete(ev);
	return rc;
}

/* Parse: the bytes of the regular file fd, within MEDIA_STORAGE_MAX_BYTES,
 * once its head says it is a photo. NULL when it is not (it says why). */
static unsigned char *
read_photo(struct run *r, struct item *it, int fd, size_t *len)
{
	unsigned char	 head[HEAD_LEN], *data;
	struct stat	 st;
	char		 size[32];
	ssize_t		 n;
	int		 err;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		set(it, OUT_SKIPPED, "%s", "not a regular file");
		return NULL;
	}
	snprintf(size, sizeof(size), "%ld", r->max_bytes);
	if (st.st_size > r->max_bytes) {
		set(it, OUT_SKIPPED, "larger than MEDIA_STORAGE_MAX_BYTES (%s bytes)", size);
		return NULL;
	}
	/* Told apart by content: a look at the head before reading it all,
	 * so a large video is skipped without reading it. */
	if ((n = pread(fd, head, sizeof(head), 0)) < 0) {
		set(it, OUT_FAILED, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if ((it->content_type = kind_of(head, (size_t)n)) == NULL) {
		set(it, OUT_SKIPPED, "%s", n == 0 ? "empty" : "not a photo (by its content)");
		return NULL;
	}
	if ((data = read_all(fd, (size_t)st.st_size, (size_t)r->max_bytes, len, &err)) == NULL) {
		set(it, OUT_FAILED, "cannot read: %s", strerror(err));
		return NULL;
	}
	if (*len > (size_t)r->max_bytes) {
		set(it, OUT_SKIPPED, "larger than MEDIA_STORAGE_MAX_BYTES (%s bytes)", size);
		free(data);
		return NULL;
	}
	return data;
}

/* Act: named by content, so the same photo twice is one photo; copied
 * into storage and announced unless the service knows it already. */
static void
put_photo(struct run *r, struct item *it, const unsigned char *data, size_t len)
{
	char		 why[WHY_LEN];
	cJSON		*row = NULL;
	long		 status;

	if (store_file_id(r->user, data, len, it->file_id) != 0) {
		set(it, OUT_FAILED, "%s", "out of memory");
		return;
	}
	if (g_hash_table_contains(r->ids, it->file_id)) {
		set(it, OUT_THERE, "%s", "the same photo as another file here");
		it->duplicate = true;
		return;
	}
	if (one_metadata(r, it->file_id, &status, &row, why, sizeof(why)) != 0) {
		set(it, OUT_FAILED, "the service: %.140s", why);
		return;
	}
	cJSON_Delete(row);
	if (status != 200 && status != 404) {
		snprintf(why, sizeof(why), "HTTP %ld", status);
		set(it, OUT_FAILED, "the service answered %.100s to GET /metadata", why);
		return;
	}
	/* Copied even when the service knows it: a storage folder emptied
	 * since gets its file back. */
	if (store_put(r->storage_dir, r->user, it->file_id, data, len, why, sizeof(why)) != 0) {
		set(it, OUT_FAILED, "%.150s", why);
		return;
	}
	if (status == 200)
		it->outcome = OUT_THERE;
	else if (announce(r, it) == ST_OK)
		it->outcome = OUT_IMPORTED;
	else {
		set(it, OUT_FAILED, "%s", "file.uploaded could not be published to NATS");
		return;
	}
	g_hash_table_add(r->ids, g_strdup(it->file_id));
}

void
one_import(struct run *r, struct item *it)
{
	unsigned char	*data;
	size_t		 len = 0;
	int		 fd;

	/* The bytes, read beneath DIR only. */
	if ((fd = walk_open(r->root_fd, it->rel, O_RDONLY | O_NONBLOCK | O_NOCTTY)) < 0) {
		if (errno == EXDEV || errno == ELOOP)
			set(it, OUT_SKIPPED, "%s", "a symlink that leads out of the folder");
		else
			set(it, OUT_FAILED, "cannot open: %s", strerror(errno));
		return;
	}
	if ((data = read_photo(r, it, fd, &len)) != NULL)
		put_photo(r, it, data, len);
	close(fd);
	free(data);
}
