/* display.h: what a frame display profile may hold (issue 9): the limits
 * the frames function (PUT /frames) and the listener (device.registered)
 * check before a value reaches the frames table, which checks the same
 * ranges (sql/041). */
#ifndef SHARED_DISPLAY_H
#define SHARED_DISPLAY_H

#define DISPLAY_PX_MIN		1	/* display_width, display_height */
#define DISPLAY_PX_MAX		8192
#define DISPLAY_NAME_MAX	255	/* characters, not bytes */

/* The fits, lowercase as stored, NULL-terminated: "contain" (the default:
 * the whole photo inside the display), "cover" (fills it, cropped). */
extern const char *const display_fits[];

#endif
