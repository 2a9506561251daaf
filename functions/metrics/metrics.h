/* metrics.h: the metrics function's parts (private to functions/metrics). */
#ifndef METRICS_H
#define METRICS_H

#include <stdio.h>

struct req;

/* GET /metrics: Prometheus text format 0.0.4 (contract §3.6). */
int	metrics_get(struct req *);
/* Write the request and timing metrics of the shared segment to out. */
void	metrics_requests(FILE *out);
/* Write the business metrics, counted in the database, to out. Returns a
 * status (recorded in r) when the database cannot be read. */
int	metrics_business(struct req *r, FILE *out);

#endif
