/* stats.h: request counters and duration histograms that every worker
 * process of every function adds to, in one shared memory segment. */
#ifndef SHARED_STATS_H
#define SHARED_STATS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define STATS_SLOTS	32	/* functions (and named timers) per segment */
#define STATS_NAME_MAX	32	/* a slot's name, NUL included */
#define STATS_CLASSES	6	/* [1] = 1xx ... [5] = 5xx, [0] = anything else */
#define STATS_BUCKETS	13	/* histogram buckets; the last is +Inf */

/* A slot's two histograms: reads (GET, HEAD) and writes (everything else). */
enum stats_hist {
	STATS_READ,
	STATS_WRITE,
	STATS_HIST_MAX
};

/* Upper bounds (seconds) of the first STATS_BUCKETS - 1 buckets. */
extern const double	stats_bounds[STATS_BUCKETS - 1];

struct stats_histogram {
	_Atomic uint64_t	count[STATS_BUCKETS];	/* per bucket, not cumulative */
	_Atomic uint64_t	sum_us;			/* total of all observations */
};

struct stats_slot {
	char			name[STATS_NAME_MAX];	/* "" = free; set once, under the file lock */
	uint32_t		timer;	/* 1: a stats_time() slot, not a function */
	_Atomic uint64_t	requests[STATS_CLASSES];
	struct stats_histogram	hist[STATS_HIST_MAX];
};

struct stats_segment {
	uint64_t		magic;		/* STATS_MAGIC: the layout below */
	struct stats_slot	slot[STATS_SLOTS];
};

/*
 * Map the segment file (MEDIA_METRICS_FILE, else $MEDIA_RUN_DIR/metrics;
 * created if missing, reset if its layout is not ours) and take the slot
 * named name for this process's stats_request() calls. Returns 0, or -1
 * (logged) when there is no file to use: then every stats_* call is a
 * no-op and the process serves on without metrics.
 */
int			 stats_init(const char *name);
/* Count one answered request of this process's function. Cannot fail. */
void			 stats_request(int http_status, bool read, double seconds);
/* Add one timing (e.g. "ai_analysis") to slot name's read histogram, for
 * work that is not a request. Cannot fail; a no-op without a segment. */
void			 stats_time(const char *name, double seconds);
/*
 * The mapped segment for reading, with a shared lock held so that slot
 * names are stable, or NULL without one. Call stats_read_end() after.
 */
const struct stats_segment	*stats_read_begin(void);
void			 stats_read_end(void);
/* Unmap and close (at exit, or before stats_init again in a test). */
void			 stats_close(void);

#endif
