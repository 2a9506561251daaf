/* get.c: GET /metrics: the shared request counters plus the database's
 * business counters, as one Prometheus text page. */
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "metrics.h"
#include "req.h"
#include "resp.h"

#define PROMETHEUS_TYPE	"text/plain; version=0.0.4; charset=utf-8"

int
metrics_get(struct req *r)
{
	FILE	*out = NULL;
	char	*text = NULL;
	size_t	 len = 0;
	int	 rc, up;

	if ((out = open_memstream(&text, &len)) == NULL) {
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
		goto cleanup;
	}
	metrics_requests(out);
	/* The database down must not hide the request metrics that would
	 * show it: answer with what we have and say so. */
	up = metrics_business(r, out) == ST_OK;
	fprintf(out, "# HELP media_database_up Whether /metrics could read the database.\n"
	    "# TYPE media_database_up gauge\nmedia_database_up %d\n", up);
	if (fclose(out) != 0) {
		out = NULL;
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
		goto cleanup;
	}
	out = NULL;
	rc = resp_body(r, 200, PROMETHEUS_TYPE, text, len);
cleanup:
	if (out != NULL)
		fclose(out);
	free(text);
	return rc;
}
