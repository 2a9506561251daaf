/* signals.h: how a long-running program of ours is asked to stop. */
#ifndef SHARED_SIGNALS_H
#define SHARED_SIGNALS_H

#include <stdbool.h>

/*
 * Call on_stop for SIGTERM and SIGINT (and SIGUSR1, libfcgi's graceful
 * stop that multiwatch may send, when with_usr1), without SA_RESTART so a
 * blocking call returns; ignore SIGPIPE (a peer that went away is an error
 * return, not a death). Cannot fail.
 */
void	signals_on_stop(void (*on_stop)(int), bool with_usr1);

#endif
