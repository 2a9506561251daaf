/* progress.c: what media-import shows while it works: on a terminal one
 * bar redrawn in place (done / total, photos per second, time left), with
 * the lines worth reading above it; otherwise plain lines, one a photo,
 * for logs and pipes. This is the program's output, not a log: stdout. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "import.h"

#define BAR_WIDTH	30
#define REDRAW_NS	100000000LL	/* at most 10 redraws a second */

static long long
ns_between(const struct timespec *a, const struct timespec *b)
{
	return (long long)(b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

double
progress_elapsed(const struct progress *p)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)ns_between(&p->t0, &now) / 1e9;
}

char *
progress_clean(const char *s, char *out, size_t outlen)
{
	size_t	 i;

	for (i = 0; s[i] != '\0' && i + 1 < outlen; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	out[i] = '\0';
	return out;
}

static void
draw(struct progress *p)
{
	double	 s = progress_elapsed(p), rate = s > 0 ? (double)p->done / s : 0;
	size_t	 fill = p->total > 0 ? p->done * BAR_WIDTH / p->total : BAR_WIDTH, i;
	char	 bar[BAR_WIDTH + 1], left[32] = "--:--";
	long	 eta;

	for (i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[BAR_WIDTH] = '\0';
	if (rate > 0 && p->done < p->total) {
		eta = (long)((double)(p->total - p->done) / rate + 0.5);
		snprintf(left, sizeof(left), "%ld:%02ld", eta / 60, eta % 60);
	} else if (p->done >= p->total)
		snprintf(left, sizeof(left), "0:00");
	/* \r and erase-to-end: the bar is redrawn in place. */
	printf("\r\033[K%s [%s] %zu/%zu  %.1f photos/s  %s left", p->verb, bar,
	    p->done, p->total, rate, left);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &p->drawn);
}

void
progress_start(struct progress *p, bool tty, const char *verb, size_t total)
{
	memset(p, 0, sizeof(*p));
	p->tty = tty;
	p->verb = verb;
	p->total = total;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	if (tty)
		draw(p);
}

void
progress_say(struct progress *p, const char *line)
{
	if (line == NULL)
		return;
	if (p->tty) {
		printf("\r\033[K%s\n", line);
		draw(p);
	} else {
		printf("%s\n", line);
		fflush(stdout);
	}
}

void
progress_step(struct progress *p, const char *line)
{
	struct timespec	 now;

	p->done++;
	if (line != NULL) {
		progress_say(p, line);
		return;
	}
	if (!p->tty)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->done == p->total || ns_between(&p->drawn, &now) >= REDRAW_NS)
		draw(p);
}

void
progress_end(struct progress *p)
{
	if (p->tty) {
		draw(p);
		printf("\n");
		fflush(stdout);
	}
}
