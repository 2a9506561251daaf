/* stats.c: request counters and duration histograms in one shared memory
 * segment (a mapped file) that all workers of all functions add to, so
 * /metrics is right however many processes serve a function. */
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "stats.h"

/* Bump the last digit whenever struct stats_segment changes: a segment of
 * another layout is reset rather than misread. */
#define STATS_MAGIC	0x4d454449415354b1ULL

const double	stats_bounds[STATS_BUCKETS - 1] = {
	0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};

static struct stats_segment	*seg;
static struct stats_slot	*mine;
static int			 seg_fd = -1;

/* Slot named name, claimed if new; NULL when all are taken. The caller
 * holds the exclusive file lock: names are written only under it. */
static struct stats_slot *
slot_find(const char *name, bool timer)
{
	struct stats_slot	*free_slot = NULL;
	size_t			 i;

	for (i = 0; i < STATS_SLOTS; i++) {
		if (strcmp(seg->slot[i].name, name) == 0)
			return &seg->slot[i];
		if (free_slot == NULL && seg->slot[i].name[0] == '\0')
			free_slot = &seg->slot[i];
	}
	if (free_slot != NULL) {
		free_slot->timer = timer;
		snprintf(free_slot->name, sizeof(free_slot->name), "%s", name);
	}
	return free_slot;
}

static struct stats_slot *
slot_locked(const char *name, bool timer)
{
	struct stats_slot	*s;

	if (flock(seg_fd, LOCK_EX) != 0)
		return NULL;
	s = slot_find(name, timer);
	flock(seg_fd, LOCK_UN);
	return s;
}

static const char *
segment_path(char *buf, size_t size)
{
	const char	*file = getenv("MEDIA_METRICS_FILE");
	const char	*dir = getenv("MEDIA_RUN_DIR");
	int		 n;

	if (file != NULL && *file != '\0')
		return file;
	if (dir == NULL || *dir == '\0')
		return NULL;
	n = snprintf(buf, size, "%s/metrics", dir);
	return n > 0 && (size_t)n < size ? buf : NULL;
}

/* Open and map path, (re)initialising it under the exclusive lock when it
 * is new or of another layout. */
static int
segment_open(const char *path)
{
	struct stat	 st;
	void		*p;

	if ((seg_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660)) == -1)
		return -1;
	if (flock(seg_fd, LOCK_EX) != 0 || fstat(seg_fd, &st) != 0)
		return -1;
	if ((size_t)st.st_size != sizeof(*seg) &&
	    (ftruncate(seg_fd, 0) != 0 || ftruncate(seg_fd, sizeof(*seg)) != 0))
		return -1;
	p = mmap(NULL, sizeof(*seg), PROT_READ | PROT_WRITE, MAP_SHARED, seg_fd, 0);
	if (p == MAP_FAILED)
		return -1;
	seg = p;
	if (seg->magic != STATS_MAGIC) {
		memset(seg, 0, sizeof(*seg));
		seg->magic = STATS_MAGIC;
	}
	flock(seg_fd, LOCK_UN);
	return 0;
}

int
stats_init(const char *name)
{
	char		 buf[4096];
	const char	*path = segment_path(buf, sizeof(buf));

	stats_close();
	if (path == NULL) {
		log_warn("stats_init: neither MEDIA_METRICS_FILE nor MEDIA_RUN_DIR is set; "
		    "no request metrics");
		return -1;
	}
	if (segment_open(path) != 0) {
		log_warn("stats_init: %s: %s; no request metrics", path, strerror(errno));
		stats_close();
		return -1;
	}
	if ((mine = slot_locked(name, false)) == NULL)
		log_warn("stats_init: all %d slots of %s are taken; no metrics for %s",
		    STATS_SLOTS, path, name);
	return 0;
}

static void
observe(struct stats_histogram *h, double seconds)
{
	size_t	 b = 0;

	if (seconds < 0)
		seconds = 0;
	while (b < STATS_BUCKETS - 1 && seconds > stats_bounds[b])
		b++;
	atomic_fetch_add_explicit(&h->count[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->sum_us, (uint64_t)(seconds * 1e6 + 0.5),
	    memory_order_relaxed);
}

void
stats_request(int http_status, bool read, double seconds)
{
	int	 class = http_status / 100;

	if (mine == NULL)
		return;
	if (class < 1 || class >= STATS_CLASSES)
		class = 0;
	atomic_fetch_add_explicit(&mine->requests[class], 1, memory_order_relaxed);
	observe(&mine->hist[read ? STATS_READ : STATS_WRITE], seconds);
}

void
stats_time(const char *name, double seconds)
{
	struct stats_slot	*s;

	if (seg != NULL && (s = slot_locked(name, true)) != NULL)
		observe(&s->hist[STATS_READ], seconds);
}

const struct stats_segment *
stats_read_begin(void)
{
	if (seg == NULL || flock(seg_fd, LOCK_SH) != 0)
		return NULL;
	return seg;
}

void
stats_read_end(void)
{
	if (seg_fd != -1)
		flock(seg_fd, LOCK_UN);
}

void
stats_close(void)
{
	if (seg != NULL)
		munmap(seg, sizeof(*seg));
	if (seg_fd != -1)
		close(seg_fd);
	seg = NULL;
	mine = NULL;
	seg_fd = -1;
}
