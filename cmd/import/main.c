/* main.c: media-import, `make import DIR=~/Pictures USER=alice
 * [FRAME=living-room]` (issue 12): every photo under DIR into the dev
 * storage folder under a content-derived file_id, announced with
 * file.uploaded through JetStream; --wait until each is analysed; with
 * --frame a playlist and a schedule for that frame. Parse, validate, act,
 * report. Exit 0, 1 when anything failed, 2 for bad input.
 *
 * What it prints is its output (stdout; errors on stderr), not a log:
 * only bus/ writes log lines (shared/log.c), when NATS misbehaves. */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <glib.h>
#include <nats/nats.h>

#include "bus.h"
#include "config.h"
#include "import.h"
#include "log.h"
#include "status.h"
#include "valid.h"

#define WAIT_S_DEFAULT	300	/* --wait gives up after this long with no progress */

static const char usage[] =
    "usage: media-import [--wait] [--frame FRAME] [--] DIR USER\n"
    "  every photo under DIR (JPEG, PNG, WebP, HEIC, AVIF, TIFF, GIF) for USER;\n"
    "  --wait: until each is analysed; --frame: a playlist and a schedule for FRAME\n";

static const char *const verbs[] = {
	[OUT_PENDING] = "pending", [OUT_IMPORTED] = "imported", [OUT_THERE] = "already there",
	[OUT_SKIPPED] = "skipped", [OUT_FAILED] = "failed",
};

/* The line an item's outcome is worth: every one as a plain line; on a
 * terminal only skipped and failed ones (the bar says the rest). */
static const char *
line_of(const struct run *r, const struct item *it, char *line, size_t len)
{
	char	 rel[400], why[WHY_LEN];

	if (r->tty && (it->outcome == OUT_IMPORTED || it->outcome == OUT_THERE))
		return NULL;
	progress_clean(it->rel, rel, sizeof(rel));
	if (it->outcome == OUT_IMPORTED || (it->outcome == OUT_THERE && !it->duplicate))
		snprintf(line, len, "%-14s %s  %s %s", verbs[it->outcome], rel, it->file_id,
		    it->content_type);
	else
		snprintf(line, len, "%-14s %s: %s", verbs[it->outcome], rel,
		    progress_clean(it->why, why, sizeof(why)));
	return line;
}

static void
summary(struct run *r, double s)
{
	size_t	 i, photos;

	memset(r->n, 0, sizeof(r->n));
	for (i = 0; i < r->items.n; i++)
		r->n[r->items.v[i].outcome]++;
	photos = r->n[OUT_IMPORTED] + r->n[OUT_THERE];
	printf("imported %zu, already there %zu, skipped %zu, failed %zu "
	    "(%zu files in %.1f s, %.1f photos/s)\n", r->n[OUT_IMPORTED], r->n[OUT_THERE],
	    r->n[OUT_SKIPPED], r->n[OUT_FAILED], r->items.n, s, s > 0 ? (double)photos / s : 0);
}

/* USER (and FRAME) must be ids: they go into URLs and subjects as they are. */
static bool
check_id(const char *what, const char *id)
{
	if (valid_is_id(id))
		return true;
	fprintf(stderr, "media-import: %s must be 1-50 characters of A-Z a-z 0-9 _ . : - "
	    "not starting with '.'\n", what);
	return false;
}

/* The command line and the configuration into r, DIR opened and shown
 * cleaned into shown. -1 to go on, else the exit code (help, usage). */
static int
setup(int argc, char **argv, struct run *r, bool *wait, char *shown, size_t shownlen)
{
	static const struct option opts[] = {
		{ "wait", no_argument, NULL, 'w' },
		{ "frame", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir;
	int		 c;

	while ((c = getopt_long(argc, argv, "wf:h", opts, NULL)) != -1) {
		if (c == 'w')
			*wait = true;
		else if (c == 'f')
			r->frame = optarg;
		else {
			fputs(usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (argc - optind != 2) {
		fputs(usage, stderr);
		return 2;
	}
	dir = argv[optind];
	r->user = argv[optind + 1];
	/* Validate: after this every input is trusted. */
	if (!check_id("USER", r->user) || (r->frame != NULL && !check_id("FRAME", r->frame)))
		return 2;
	/* DIR itself may be a symlink (~/Pictures to a disk); nothing under it
	 * leads out of it (walk.c). */
	/* DIR is printed cleaned: its name must not drive the terminal. */
	progress_clean(dir, shown, shownlen);
	if ((r->root_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "media-import: %s: %m\n", shown);
		return 2;
	}
	r->storage_dir = config_get()->storage_dir;
	r->max_bytes = config_long("MEDIA_STORAGE_MAX_BYTES", CONFIG_STORAGE_MAX_BYTES);
	r->wait_s = config_long("MEDIA_IMPORT_WAIT_S", WAIT_S_DEFAULT);
	r->tty = isatty(STDOUT_FILENO) == 1;
	/* A playlist takes only photos the service knows, and the player
	 * pairs portraits by their analysed size: a frame waits. */
	*wait = *wait || r->frame != NULL;
	return -1;
}

/* Both ends up before any file is touched: a stack that is down is one
 * message, not a failure per photo. 0 or -1 (said on stderr). */
static int
connect_both(struct run *r)
{
	cJSON		*health = NULL;
	char		 why[WHY_LEN];
	long		 status = 0;
	natsStatus	 s;
	int		 rc;

	rc = api_call(&r->api, "GET", "/health", NULL, &status, &health, why, sizeof(why));
	cJSON_Delete(health);
	if (rc != 0 || status != 200) {
		if (status != 0)
			snprintf(why, sizeof(why), "GET /health: HTTP %ld", status);
		fprintf(stderr, "media-import: the service at %s: %s (is the stack running? "
		    "make start)\n", config_get()->public_url, why);
		return -1;
	}
	if ((s = bus_connect(&r->bus, config_get()->nats_url, "media-import")) != NATS_OK ||
	    (s = bus_ensure_inbox(&r->bus)) != NATS_OK) {
		fprintf(stderr, "media-import: NATS at %s: %s (is the stack running? make start)\n",
		    config_get()->nats_url, natsStatus_GetText(s));
		return -1;
	}
	return 0;
}

/* Every file under DIR, the wait for their analysis, the summary and the
 * frame. The exit code: 1 if anything failed. */
static int
import_all(struct run *r, bool wait, const char *shown)
{
	struct progress	 p;
	char		 line[1024];
	size_t		 i;
	int		 rc;

	if (walk(r->root_fd, &r->items) != 0) {
		fprintf(stderr, "media-import: out of memory\n");
		return 1;
	}
	if (!r->tty)
		printf("%zu files under %s for %s\n", r->items.n, shown, r->user);
	progress_start(&p, r->tty, "imported", r->items.n);
	for (i = 0; i < r->items.n; i++) {
		if (r->items.v[i].outcome == OUT_PENDING)
			one_import(r, &r->items.v[i]);
		progress_step(&p, line_of(r, &r->items.v[i], line, sizeof(line)));
	}
	progress_end(&p);
	if (wait)
		wait_analysed(r);
	/* What failed in the wait, listed once more where the reader looks. */
	for (i = 0; wait && i < r->items.n; i++)
		if (r->items.v[i].outcome == OUT_FAILED && strncmp(r->items.v[i].why, "not analysed", 12) == 0)
			printf("%s\n", line_of(r, &r->items.v[i], line, sizeof(line)));
	summary(r, progress_elapsed(&p));
	rc = r->n[OUT_FAILED] > 0 ? 1 : 0;
	if (r->frame != NULL && frame_make(r) != 0)
		rc = 1;
	return rc;
}

int
main(int argc, char **argv)
{
	struct run	 r = { .root_fd = -1 };
	char		 shown[1024];
	bool		 wait = false, curl_on = false;
	int		 rc;

	log_init("import");
	config_load();
	if ((rc = setup(argc, argv, &r, &wait, shown, sizeof(shown))) >= 0) {
		if (r.root_fd >= 0)
			close(r.root_fd);
		return rc;
	}
	rc = 1;
	if ((r.ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)) == NULL ||
	    !(curl_on = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK) ||
	    api_open(&r.api, config_get()->public_url) != 0)
		fprintf(stderr, "media-import: out of memory\n");
	else if (connect_both(&r) == 0)
		rc = import_all(&r, wait, shown);
	items_free(&r.items);
	bus_close(&r.bus);
	nats_Close();
	api_close(&r.api);
	if (curl_on)
		curl_global_cleanup();
	if (r.ids != NULL)
		g_hash_table_destroy(r.ids);
	if (r.root_fd >= 0)
		close(r.root_fd);
	return rc;
}
