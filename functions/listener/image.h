/* image.h: what the listener's libvips files (image.c, image_analyze.c,
 * image_render.c) share; only they include libvips' headers. */
#ifndef IMAGE_H
#define IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <vips/vips.h>

/* A libvips message in analysis_error or the log is cut here: a corrupt
 * file can make it long. */
#define WHY_MAX_CHARS		160

/* One format we take (IMAGE_FORMATS); every other loader is blocked. */
struct format {
	const char	*name;		/* photo_info.format */
	const char	*loader;	/* libvips' class of its loaders */
	const char	*kept_ext;	/* kept as an original; NULL: never */
};

/* The first line of libvips' error buffer after prefix, cut short, into
 * err (path, when the message starts with it, left out); the buffer is
 * taken, so the next call starts clean. Cannot fail. */
void	 image_why(const char *prefix, const char *path, char *err, size_t errlen);
/* Our format of libvips' loader class name (vips_foreign_find_load*), or
 * NULL: a loader we do not take, or none. */
const struct format *image_format_of(const char *loader);
/* The displayed size of im into *w x *h: orientations 5-8 swap them. */
void	 image_displayed(VipsImage *im, int *w, int *h);
/* ST_OK if the header's pixel count is within MEDIA_MAX_IMAGE_PIXELS,
 * else ST_INVALID with why in err: checked before any pixel is decoded. */
int	 image_check_size(VipsImage *head, char *err, size_t errlen);
/* in as 8-bit sRGB with 3 bands; *out is a new reference. 0 or -1. */
int	 image_srgb8(VipsImage *in, VipsImage **out);

#endif
