/* image.c: libvips in the listener: its start and end, the loaders we
 * take, its log, and the helpers the analysis (image_analyze.c) and the
 * render (image_render.c) share. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "image.h"
#include "listener.h"
#include "log.h"
#include "status.h"

#define DEFAULT_MAX_PIXELS	100000000L

/* The formats we take (IMAGE_FORMATS); every other loader is blocked. */
static const struct format formats[] = {
	{ "jpeg",	"VipsForeignLoadJpeg",	"jpg" },
	{ "png",	"VipsForeignLoadPng",	"png" },
	{ "webp",	"VipsForeignLoadWebp",	"webp" },
	{ "heif",	"VipsForeignLoadHeif",	NULL },	/* HEIC and AVIF */
	{ "tiff",	"VipsForeignLoadTiff",	NULL },
	{ "gif",	"VipsForeignLoadNsgif",	"gif" },
};
#define N_FORMATS	(sizeof(formats) / sizeof(formats[0]))

static long	max_pixels = DEFAULT_MAX_PIXELS;

/* libvips warns on stderr about odd but readable files ("ignoring nclx
 * profile"); our logs go through log.c, one short line each. */
static void
on_vips_log(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer data)
{
	(void)domain;
	(void)data;
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
		log_error("libvips: %.*s", WHY_MAX_CHARS, msg);
	else if (level & G_LOG_LEVEL_WARNING)
		log_info("libvips: %.*s", WHY_MAX_CHARS, msg);
}

int
image_init(const char *argv0)
{
	size_t	 i;

	if (VIPS_INIT(argv0) != 0) {
		log_error("image_init: VIPS_INIT: %.*s", WHY_MAX_CHARS,
		    vips_error_buffer());
		return ST_INTERNAL;
	}
	g_log_set_handler("VIPS", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
	    G_LOG_FLAG_RECURSION, on_vips_log, NULL);
	/* Uploads are anyone's bytes: only the loaders of our formats may
	 * ever parse them (no ImageMagick, PDF, SVG, FITS, ...). */
	vips_block_untrusted_set(TRUE);
	vips_operation_block_set("VipsForeignLoad", TRUE);
	for (i = 0; i < N_FORMATS; i++)
		vips_operation_block_set(formats[i].loader, FALSE);
	/* Every photo is seen once: a cache of operations would only hold
	 * memory (and file handles) for nothing. */
	vips_cache_set_max(0);
	/* The listener's threads (consumer, downloads) give the parallelism;
	 * libvips' own worker pool per operation would multiply the threads
	 * and the memory of each pipeline by the number of cores, on a
	 * machine that runs the API and the database too. */
	vips_concurrency_set(1);
	max_pixels = config_long("MEDIA_MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS);
	vips_error_clear();
	return ST_OK;
}

void
image_shutdown(void)
{
	vips_shutdown();
}

void
image_thread_done(void)
{
	vips_thread_shutdown();
}

/* The first line of libvips' error buffer, cut short, into err; the
 * buffer is taken (copied and cleared) so the next call starts clean. A
 * message that starts with the file's path ("/var/.../x.part: bad seek")
 * loses it: error_message is shown to clients. XXX libvips 8.14 has one
 * error buffer per process: while the other thread fails too, the detail
 * after our prefix may be missing or the other file's. */
void
image_why(const char *prefix, const char *path, char *err, size_t errlen)
{
	char		*buf = vips_error_buffer_copy();
	const char	*msg = buf != NULL ? buf : "";
	size_t		 n;

	if (path != NULL && strncmp(msg, path, strlen(path)) == 0 &&
	    msg[strlen(path)] == ':')
		msg += strlen(path) + 1;
	msg += strspn(msg, " ");
	if ((n = strcspn(msg, "\n")) > WHY_MAX_CHARS)
		n = WHY_MAX_CHARS;
	if (n == 0)
		snprintf(err, errlen, "%s", prefix);
	else
		snprintf(err, errlen, "%s: %.*s", prefix, (int)n, msg);
	g_free(buf);
}

/* Our format of libvips' loader class name (vips_foreign_find_load*), or
 * NULL: a loader we do not take, or none. */
const struct format *
image_format_of(const char *loader)
{
	size_t	 i;

	vips_error_clear();	/* find_load's "not a known format" */
	if (loader == NULL)
		return NULL;
	for (i = 0; i < N_FORMATS; i++)
		if (strncmp(loader, formats[i].loader, strlen(formats[i].loader)) == 0)
			return &formats[i];
	return NULL;
}

/* The orientation libvips applies when it makes the image upright: the
 * EXIF tag for JPEG, PNG and WebP, the TIFF tag for TIFF, and none for
 * HEIF, whose pixels libheif already turned (the HEIF standard makes its
 * EXIF tag informational only). The displayed size follows this one, so
 * metadata and every render agree. */
static bool
swaps(VipsImage *im)
{
	return vips_image_get_orientation(im) >= 5;
}

void
image_displayed(VipsImage *im, int *w, int *h)
{
	*w = swaps(im) ? im->Ysize : im->Xsize;
	*h = swaps(im) ? im->Xsize : im->Ysize;
}

/* ST_OK if the header's pixel count is within MEDIA_MAX_IMAGE_PIXELS:
 * checked before any pixel is decoded. */
int
image_check_size(VipsImage *head, char *err, size_t errlen)
{
	int	 w = vips_image_get_width(head), h = vips_image_get_height(head);

	if ((long long)w * h > max_pixels) {
		snprintf(err, errlen, "image too large: %dx%d pixels, over "
		    "MEDIA_MAX_IMAGE_PIXELS %ld", w, h, max_pixels);
		return ST_INVALID;
	}
	return ST_OK;
}

/* in as 8-bit sRGB with 3 bands: grey, 16-bit, CMYK and the rest
 * converted, alpha flattened on black. *out is a new reference. */
int
image_srgb8(VipsImage *in, VipsImage **out)
{
	VipsImage	*t[4] = { NULL };
	VipsImage	*cur = in;
	int		 rc = -1, i;

	if (vips_colourspace(cur, &t[0], VIPS_INTERPRETATION_sRGB, NULL) != 0)
		goto cleanup;
	cur = t[0];
	if (vips_image_hasalpha(cur)) {
		if (vips_flatten(cur, &t[1], NULL) != 0)	/* on black */
			goto cleanup;
		cur = t[1];
	}
	if (cur->BandFmt != VIPS_FORMAT_UCHAR) {
		if (vips_cast(cur, &t[2], VIPS_FORMAT_UCHAR, NULL) != 0)
			goto cleanup;
		cur = t[2];
	}
	if (cur->Bands > 3) {
		if (vips_extract_band(cur, &t[3], 0, "n", 3, NULL) != 0)
			goto cleanup;
		cur = t[3];
	}
	g_object_ref(cur);
	*out = cur;
	rc = 0;
cleanup:
	for (i = 0; i < 4; i++)
		if (t[i] != NULL)
			g_object_unref(t[i]);
	return rc;
}

