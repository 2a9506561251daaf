/* test_signals.c: stop signals reach the handler; SIGPIPE is ignored. */
#include <signal.h>
#include <stdbool.h>

#include "signals.h"
#include "tap.h"

static volatile sig_atomic_t	got;

static void
on_stop(int sig)
{
	got = sig;
}

int
main(void)
{
	struct sigaction	 sa;

	signals_on_stop(on_stop, false);
	raise(SIGTERM);
	ok(got == SIGTERM, "SIGTERM reaches the handler");
	raise(SIGINT);
	ok(got == SIGINT, "SIGINT reaches the handler");
	sigaction(SIGPIPE, NULL, &sa);
	ok(sa.sa_handler == SIG_IGN, "SIGPIPE is ignored");
	sigaction(SIGUSR1, NULL, &sa);
	ok(sa.sa_handler != on_stop, "SIGUSR1 is left alone unless asked for");
	signals_on_stop(on_stop, true);
	raise(SIGUSR1);
	ok(got == SIGUSR1, "SIGUSR1 reaches the handler when asked for");
	return done_testing();
}
