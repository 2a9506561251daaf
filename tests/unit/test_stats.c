/* test_stats.c: the shared metrics segment adds up across processes. */
#include <sys/wait.h>

#include <fcntl.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stats.h"
#include "tap.h"

#define N_PROCS		4
#define N_EACH		500

static const struct stats_slot *
slot(const struct stats_segment *seg, const char *name)
{
	size_t	 i;

	for (i = 0; seg != NULL && i < STATS_SLOTS; i++)
		if (strcmp(seg->slot[i].name, name) == 0)
			return &seg->slot[i];
	return NULL;
}

static uint64_t
hist_total(const struct stats_histogram *h)
{
	uint64_t	 n = 0;
	size_t		 b;

	for (b = 0; b < STATS_BUCKETS; b++)
		n += h->count[b];
	return n;
}

/* N_PROCS workers of one function, as multiwatch runs them. */
static void
test_workers(void)
{
	pid_t	 pid;
	int	 i, j, status, all_ok = 1;

	for (i = 0; i < N_PROCS; i++) {
		if ((pid = fork()) == 0) {
			if (stats_init("alpha") != 0)
				_exit(1);
			for (j = 0; j < N_EACH; j++)
				stats_request(j % 2 ? 200 : 404, j % 3 != 0, 0.003);
			stats_close();
			_exit(0);
		}
		ok(pid > 0, "fork worker %d", i);
	}
	for (i = 0; i < N_PROCS; i++)
		if (wait(&status) == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			all_ok = 0;
	ok(all_ok, "every worker exited cleanly");
}

/* What the workers counted, and the edges of statuses and durations. */
static void
test_counts(void)
{
	const struct stats_segment	*seg;
	const struct stats_slot		*s;

	stats_init("beta");
	stats_request(503, false, 20.0);
	stats_request(99, true, -1);
	stats_time("ai_analysis", 0.2);
	seg = stats_read_begin();
	ok(seg != NULL, "the segment can be read");
	s = slot(seg, "alpha");
	ok(s != NULL && !s->timer, "the workers share one slot for their function");
	ok(s != NULL && s->requests[2] == N_PROCS * N_EACH / 2, "2xx counts add up over all processes");
	ok(s != NULL && s->requests[4] == N_PROCS * N_EACH / 2, "4xx counts add up over all processes");
	ok(s != NULL && hist_total(&s->hist[STATS_READ]) + hist_total(&s->hist[STATS_WRITE])
	    == N_PROCS * N_EACH, "the histograms saw every request");
	ok(s != NULL && s->hist[STATS_READ].count[1] == hist_total(&s->hist[STATS_READ]),
	    "3 ms lands in the le=0.005 bucket");
	ok(s != NULL && s->hist[STATS_WRITE].sum_us == 3000ULL * hist_total(&s->hist[STATS_WRITE]),
	    "the sum is kept in microseconds");
	s = slot(seg, "beta");
	ok(s != NULL && s->requests[5] == 1 && s->requests[0] == 1,
	    "5xx and an out-of-range status are counted apart");
	ok(s != NULL && s->hist[STATS_WRITE].count[STATS_BUCKETS - 1] == 1,
	    "20 s lands in the +Inf bucket");
	ok(s != NULL && s->hist[STATS_READ].count[0] == 1, "a negative duration counts as 0");
	s = slot(seg, "ai_analysis");
	ok(s != NULL && s->timer && hist_total(&s->hist[STATS_READ]) == 1,
	    "stats_time fills a timer slot");
	stats_read_end();
	stats_close();
}

/* A file of another layout (an older binary's) is reset, not misread. */
static void
test_reset(const char *path)
{
	const struct stats_segment	*seg;
	const struct stats_slot		*s;
	int				 fd;

	fd = open(path, O_WRONLY | O_TRUNC);
	ok(fd != -1 && write(fd, "garbage", 7) == 7, "overwrite the segment with junk");
	close(fd);
	ok(stats_init("alpha") == 0, "stats_init accepts it");
	seg = stats_read_begin();
	s = slot(seg, "alpha");
	ok(s != NULL && s->requests[2] == 0, "and starts from zero");
	stats_read_end();
	stats_close();
}

/* No metrics file: every call does nothing. */
static void
test_off(void)
{
	unsetenv("MEDIA_METRICS_FILE");
	unsetenv("MEDIA_RUN_DIR");
	ok(stats_init("alpha") == -1, "without a path, metrics are off");
	stats_request(200, true, 0.1);
	stats_time("x", 0.1);
	ok(stats_read_begin() == NULL, "and every call is a no-op");
}

int
main(void)
{
	char				 path[] = "/tmp/test_stats_XXXXXX";
	int				 fd;

	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	setenv("MEDIA_METRICS_FILE", path, 1);

	ok(stats_init("alpha") == 0, "stats_init maps a new (empty) file");
	stats_close();

	test_workers();
	test_counts();
	test_reset(path);
	test_off();

	unlink(path);
	return done_testing();
}
