/* walk.c: the entries under the import folder, never leaving it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "import.h"

#define DEPTH_MAX	64	/* folders deeper than this are not walked */
#define REL_MAX		4096

/* Folders walked so far, by device and inode: a symlink back to a parent
 * must not walk it again (or forever). */
struct seen {
	dev_t	*dev;
	ino_t	*ino;
	size_t	 n, cap;
};

int
walk_open(int root_fd, const char *rel, int flags)
{
	/* RESOLVE_BENEATH: "..", absolute paths and symlinks that would
	 * leave root_fd fail with EXDEV, checked by the kernel as it
	 * resolves, so no rename between a check and the open can escape. */
	struct open_how	 how = { .flags = (unsigned long long)(flags | O_CLOEXEC),
			    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };

	return (int)syscall(SYS_openat2, root_fd, rel, &how, sizeof(how));
}

/* Append an item for rel; outcome and why as given. 0 or -1. */
static int
add(struct items *out, const char *rel, enum outcome o, const char *why)
{
	struct item	*v;
	size_t		 cap;

	if (out->n == out->cap) {
		cap = out->cap == 0 ? 256 : out->cap * 2;
		if ((v = realloc(out->v, cap * sizeof(*v))) == NULL)
			return -1;
		out->v = v;
		out->cap = cap;
	}
	memset(&out->v[out->n], 0, sizeof(out->v[0]));
	if ((out->v[out->n].rel = strdup(rel)) == NULL)
		return -1;
	out->v[out->n].outcome = o;
	if (why != NULL)
		snprintf(out->v[out->n].why, WHY_LEN, "%s", why);
	out->n++;
	return 0;
}

/* True if the folder fd was walked already; else remembered. */
static bool
seen_before(struct seen *s, int fd)
{
	struct stat	 st;
	size_t		 i, cap;
	dev_t		*d;
	ino_t		*n;

	if (fstat(fd, &st) != 0)
		return true;
	for (i = 0; i < s->n; i++)
		if (s->dev[i] == st.st_dev && s->ino[i] == st.st_ino)
			return true;
	if (s->n == s->cap) {
		cap = s->cap == 0 ? 64 : s->cap * 2;
		if ((d = realloc(s->dev, cap * sizeof(*d))) == NULL)
			return true;
		s->dev = d;
		if ((n = realloc(s->ino, cap * sizeof(*n))) == NULL)
			return true;
		s->ino = n;
		s->cap = cap;
	}
	s->dev[s->n] = st.st_dev;
	s->ino[s->n++] = st.st_ino;
	return false;
}

static int	walk_dir(int root_fd, const char *rel, int depth, struct seen *,
		    struct items *);

/* One entry of a folder: recurse, add, or add as skipped. */
static int
entry(int root_fd, const char *rel, unsigned char type, int depth,
    struct seen *s, struct items *out)
{
	struct stat	 st;
	char		 why[WHY_LEN];
	int		 fd;

	if (type == DT_DIR)
		return walk_dir(root_fd, rel, depth + 1, s, out);
	if (type == DT_REG)
		return add(out, rel, OUT_PENDING, NULL);
	if (type != DT_LNK && type != DT_UNKNOWN)
		return add(out, rel, OUT_SKIPPED, "not a regular file");
	/* A symlink (or a file system that gives no type): where it leads,
	 * resolved beneath the folder. */
	if ((fd = walk_open(root_fd, rel, O_PATH)) < 0) {
		if (errno == EXDEV || errno == ELOOP)
			return add(out, rel, OUT_SKIPPED, "a symlink that leads out of the folder");
		snprintf(why, sizeof(why), "%s", strerror(errno));
		return add(out, rel, errno == ENOENT ? OUT_SKIPPED : OUT_FAILED, why);
	}
	if (fstat(fd, &st) != 0)
		st.st_mode = 0;
	close(fd);
	if (S_ISDIR(st.st_mode))
		return walk_dir(root_fd, rel, depth + 1, s, out);
	if (S_ISREG(st.st_mode))
		return add(out, rel, OUT_PENDING, NULL);
	return add(out, rel, OUT_SKIPPED, "not a regular file");
}

static int
walk_dir(int root_fd, const char *rel, int depth, struct seen *s, struct items *out)
{
	DIR		*d = NULL;
	struct dirent	*de;
	char		 child[REL_MAX], why[WHY_LEN];
	int		 fd, rc = 0;

	if (depth > DEPTH_MAX)
		return add(out, rel, OUT_SKIPPED, "a folder nested too deep");
	if ((fd = walk_open(root_fd, rel, O_RDONLY | O_DIRECTORY)) < 0) {
		snprintf(why, sizeof(why), "cannot read the folder: %s", strerror(errno));
		return add(out, rel, OUT_FAILED, why);
	}
	if (seen_before(s, fd)) {
		close(fd);
		return 0;
	}
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return add(out, rel, OUT_FAILED, "cannot read the folder");
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(child, sizeof(child), "%s%s%s", strcmp(rel, ".") == 0 ? "" : rel,
		    strcmp(rel, ".") == 0 ? "" : "/", de->d_name) >= (int)sizeof(child)) {
			rc = add(out, de->d_name, OUT_SKIPPED, "a path too long");
			continue;
		}
		rc = entry(root_fd, child, de->d_type, depth, s, out);
	}
	closedir(d);
	return rc;
}

static int
by_rel(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->rel, ((const struct item *)b)->rel);
}

int
walk(int root_fd, struct items *out)
{
	struct seen	 s = { 0 };
	int		 rc;

	rc = walk_dir(root_fd, ".", 0, &s, out);
	free(s.dev);
	free(s.ino);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(out->v[0]), by_rel);
	return rc;
}

void
items_free(struct items *it)
{
	size_t	 i;

	for (i = 0; it->v != NULL && i < it->n; i++)
		free(it->v[i].rel);
	free(it->v);
	it->v = NULL;
	it->n = it->cap = 0;
}
