/* wait.c: --wait: until every photo of the run is analysed, asked through
 * the service's HTTP API (GET /metadata/{file_id}: full_metadata.analyzed_at),
 * as any client would; never the database. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "import.h"

#define POLL_MS		200

static bool
waits(const struct item *it)
{
	return (it->outcome == OUT_IMPORTED || it->outcome == OUT_THERE) &&
	    !it->duplicate && !it->analysed;
}

/* Ask about one photo: true once it is analysed (failed or not). */
static bool
ask(struct run *r, struct progress *p, struct item *it)
{
	const cJSON	*full, *err;
	cJSON		*row = NULL;
	char		 why[WHY_LEN], line[WHY_LEN + 512], clean[400];
	long		 status;

	if (one_metadata(r, it->file_id, &status, &row, why, sizeof(why)) != 0 ||
	    status != 200)
		goto cleanup;	/* not yet there, or the service away: later */
	full = cJSON_GetObjectItemCaseSensitive(row, "full_metadata");
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(full, "analyzed_at")))
		goto cleanup;
	it->analysed = true;
	err = cJSON_GetObjectItemCaseSensitive(full, "analysis_error");
	if (cJSON_IsString(err)) {
		/* A file that looked like a photo and is not one the service
		 * can read (truncated, too many pixels): the frame cannot show it. */
		it->outcome = OUT_FAILED;
		snprintf(it->why, sizeof(it->why), "analysis: %s", err->valuestring);
		snprintf(line, sizeof(line), "failed         %s: %s",
		    progress_clean(it->rel, clean, sizeof(clean)),
		    progress_clean(it->why, why, sizeof(why)));
		progress_step(p, line);
	} else if (!p->tty) {
		snprintf(line, sizeof(line), "analysed       %s",
		    progress_clean(it->rel, clean, sizeof(clean)));
		progress_step(p, line);
	} else
		progress_step(p, NULL);
cleanup:
	cJSON_Delete(row);
	return it->analysed;
}

void
wait_analysed(struct run *r)
{
	struct progress	 p;
	struct timespec	 nap = { 0, POLL_MS * 1000000L };
	size_t		 i, total = 0, done;
	double		 last = 0;
	char		 line[128];

	for (i = 0; i < r->items.n; i++)
		total += waits(&r->items.v[i]);
	if (total == 0)
		return;
	progress_start(&p, r->tty, "analysed", total);
	while (p.done < total) {
		done = p.done;
		/* In the order they were announced, which is the order the
		 * listener takes them: stop at the first one not done yet. */
		for (i = 0; i < r->items.n; i++)
			if (waits(&r->items.v[i]) && !ask(r, &p, &r->items.v[i]))
				break;
		if (p.done > done)
			last = progress_elapsed(&p);
		else if (progress_elapsed(&p) - last > (double)r->wait_s)
			break;
		if (p.done < total)
			nanosleep(&nap, NULL);
	}
	/* Given up: one last look at each, past any that never came. */
	for (i = 0; p.done < total && i < r->items.n; i++)
		if (waits(&r->items.v[i]))
			ask(r, &p, &r->items.v[i]);
	progress_end(&p);
	for (i = 0; i < r->items.n; i++) {
		if (!waits(&r->items.v[i]))
			continue;
		r->items.v[i].outcome = OUT_FAILED;
		snprintf(r->items.v[i].why, WHY_LEN, "not analysed after %ld s without progress "
		    "(is the listener running?)", r->wait_s);
	}
	snprintf(line, sizeof(line), "analysed %zu photos in %.1f s (%.1f photos/s)", p.done,
	    progress_elapsed(&p), progress_elapsed(&p) > 0 ? (double)p.done / progress_elapsed(&p) : 0);
	printf("%s\n", line);
}
