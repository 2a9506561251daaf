/* main.c: the event listener daemon: the only program that talks to NATS.
 * Threads: this one consumes events (and runs the periodic chores), one
 * relays the outbox, one runs the cache downloads; each has its own
 * database connection (db.c keeps one per thread). The consumer and the
 * downloads use libvips (image*.c). */
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <nats/nats.h>

#include "config.h"
#include "db.h"
#include "listener.h"
#include "log.h"
#include "signals.h"
#include "stats.h"
#include "status.h"

#define FETCH_WAIT_MS	500
#define CHORES_EVERY_MS	2000

volatile sig_atomic_t	listener_stopping;

static void
on_stop(int sig)
{
	(void)sig;
	listener_stopping = 1;
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* AI retries wait for backoff; calendar-following playlists change with
 * the local day. (Trigger subjects need no chore: MEDIA_INBOX captures
 * their namespace from the start.) */
static void
chores(struct bus *b, time_t *next_days)
{
	upload_retry_ai();
	days_chore(b, next_days);
}

int
main(int argc, char **argv)
{
	struct bus	 b = { 0 };
	pthread_t	 relay, downloads;
	bool		 relay_on = false, downloads_on;
	long long	 last = 0;
	time_t		 next_days = 0;

	(void)argc;
	/* A photo's pixels are big, short-lived buffers. glibc's mmap
	 * threshold grows after the first large free, and from then on such
	 * buffers come from the heap and stay in the process's RSS after a
	 * HEIC (libheif decodes it whole): with a fixed threshold they are
	 * mapped and returned each time, so the memory follows the work. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	log_init("listener");
	config_load();
	signals_on_stop(on_stop, false);
	stats_init("listener");
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("main: curl_global_init failed");
		return 1;
	}
	/* Before any thread: libvips starts once per process. */
	if (image_init(argv[0]) != ST_OK) {
		curl_global_cleanup();
		return 1;
	}
	log_info("listener: %d starting", (int)getpid());
	/* Downloads need no NATS: they start before the bus is up. */
	downloads_on = pthread_create(&downloads, NULL, download_main, NULL) == 0;
	if (bus_open(&b) == ST_OK) {
		relay_on = pthread_create(&relay, NULL, relay_main, &b) == 0;
		days_open(&b);
		while (!listener_stopping) {
			if (now_ms() - last >= CHORES_EVERY_MS) {
				chores(&b, &next_days);
				last = now_ms();
			}
			consume_batch(&b, FETCH_WAIT_MS);
		}
	}
	if (!relay_on || !downloads_on)
		log_error("main: a worker thread did not start");
	if (relay_on)
		pthread_join(relay, NULL);
	if (downloads_on)
		pthread_join(downloads, NULL);
	days_close(&b);
	bus_close(&b);
	db_close();
	nats_CloseAndWait(2000);
	curl_global_cleanup();
	image_shutdown();	/* the threads that used it have ended */
	stats_close();
	/* The line tests/sanitizers.t counts: the process ended on its own,
	 * so LeakSanitizer ran. */
	log_info("serve: listener %d stopping", (int)getpid());
	return 0;
}
