/* display.c: the fits a frame display profile may name (display.h). */
#include <stddef.h>

#include "display.h"

const char *const display_fits[] = { "contain", "cover", NULL };
