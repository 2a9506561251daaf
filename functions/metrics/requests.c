/* requests.c: request counts and duration histograms from the segment all
 * workers add to (shared/stats.c), in Prometheus text format. */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "stats.h"

static uint64_t
load(const _Atomic uint64_t *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

/* One histogram series: cumulative buckets, _sum, _count. labels is ""
 * or `function="x"`; h2 (may be NULL) is added to h. */
static void
histogram(FILE *out, const char *metric, const char *labels,
    const struct stats_histogram *h, const struct stats_histogram *h2)
{
	const char	*sep = *labels != '\0' ? "," : "";
	char		 le[32];
	uint64_t	 cum = 0, sum_us;
	size_t		 b;

	for (b = 0; b < STATS_BUCKETS; b++) {
		cum += load(&h->count[b]) + (h2 ? load(&h2->count[b]) : 0);
		if (b < STATS_BUCKETS - 1)
			snprintf(le, sizeof(le), "%g", stats_bounds[b]);
		else
			snprintf(le, sizeof(le), "+Inf");
		fprintf(out, "%s_bucket{%s%sle=\"%s\"} %llu\n", metric, labels, sep, le,
		    (unsigned long long)cum);
	}
	sum_us = load(&h->sum_us) + (h2 ? load(&h2->sum_us) : 0);
	if (*labels != '\0') {
		fprintf(out, "%s_sum{%s} %.6f\n", metric, labels, sum_us / 1e6);
		fprintf(out, "%s_count{%s} %llu\n", metric, labels, (unsigned long long)cum);
	} else {
		fprintf(out, "%s_sum %.6f\n", metric, sum_us / 1e6);
		fprintf(out, "%s_count %llu\n", metric, (unsigned long long)cum);
	}
}

/* A histogram of one named slot, or an empty one while nobody observed. */
static void
named_histogram(FILE *out, const struct stats_segment *seg, const char *slot,
    enum stats_hist which, const char *metric, const char *help)
{
	static const struct stats_histogram	 empty;
	const struct stats_histogram		*h = &empty;
	size_t					 i;

	for (i = 0; seg != NULL && i < STATS_SLOTS; i++)
		if (strcmp(seg->slot[i].name, slot) == 0)
			h = &seg->slot[i].hist[which];
	fprintf(out, "# HELP %s %s\n# TYPE %s histogram\n", metric, help, metric);
	histogram(out, metric, "", h, NULL);
}

/* The i-th slot if a function's workers count requests in it, else NULL. */
static const struct stats_slot *
function_slot(const struct stats_segment *seg, size_t i)
{
	const struct stats_slot	*s = &seg->slot[i];

	return s->name[0] != '\0' && !s->timer ? s : NULL;
}

void
metrics_requests(FILE *out)
{
	static const char *const	 class_name[STATS_CLASSES] = {
		"other", "1xx", "2xx", "3xx", "4xx", "5xx",
	};
	const struct stats_segment	*seg = stats_read_begin();
	const struct stats_slot		*s;
	char				 labels[STATS_NAME_MAX + 16];
	size_t				 i, c;

	/* Prometheus wants each family's samples together: two passes. */
	fprintf(out, "# HELP media_http_requests_total Requests answered, by function and status class.\n"
	    "# TYPE media_http_requests_total counter\n");
	for (i = 0; seg != NULL && i < STATS_SLOTS; i++)
		for (c = 1; (s = function_slot(seg, i)) != NULL && c < STATS_CLASSES; c++)
			fprintf(out, "media_http_requests_total{function=\"%s\",status_class=\"%s\"} %llu\n",
			    s->name, class_name[c], (unsigned long long)load(&s->requests[c]));
	fprintf(out, "# HELP media_http_request_duration_seconds Time from request to answer, by function.\n"
	    "# TYPE media_http_request_duration_seconds histogram\n");
	for (i = 0; seg != NULL && i < STATS_SLOTS; i++) {
		if ((s = function_slot(seg, i)) == NULL)
			continue;
		snprintf(labels, sizeof(labels), "function=\"%s\"", s->name);
		histogram(out, "media_http_request_duration_seconds", labels,
		    &s->hist[STATS_READ], &s->hist[STATS_WRITE]);
	}
	/* The design's two timings: reads of the playlists function, and the
	 * listener's AI analysis (stats_time("ai_analysis", ...)). */
	named_histogram(out, seg, "playlists", STATS_READ, "media_playlist_query_duration_seconds",
	    "Time to answer a playlist read (GET of the playlists function).");
	named_histogram(out, seg, "ai_analysis", STATS_READ, "media_ai_analysis_duration_seconds",
	    "Time the listener spent analysing one photo (AI service and local).");
	stats_read_end();
}
