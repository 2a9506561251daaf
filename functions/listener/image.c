/* image.c: all pixel work of the listener, with libvips: the loaders we
 * take, the analysis of an upload (format, displayed size, EXIF, the
 * metrics of contract §3.2) and the render of a cache file for a frame. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <vips/vips.h>

#include "config.h"
#include "listener.h"
#include "log.h"
#include "status.h"

#define DEFAULT_MAX_PIXELS	100000000L
/* The measured image is shrunk by 1/2..1/8 so its long side is near this:
 * enough detail for the metrics, and a 12 MP photo costs a 0.7 MP decode.
 * The rule is the one of the libjpeg code it replaces (issue 9): the
 * metrics of existing photos must not move. */
#define MEASURE_LONG_SIDE	1024
/* A variance of the Laplacian of this much reads as blur_score 0.5. */
#define BLUR_PIVOT		100.0
#define JPEG_QUALITY		85
/* A libvips message in analysis_error or the log is cut here: a corrupt
 * file can make it long. */
#define WHY_MAX_CHARS		160
/* vips_thumbnail's box for "no bound": the full size. */
#define NO_BOUND		VIPS_MAX_COORD
/* The thumbnail that checks a kept original decodes to the end. */
#define CHECK_SIDE		64

/* The formats we take (IMAGE_FORMATS); every other loader is blocked. */
static const struct format {
	const char	*name;		/* photo_info.format */
	const char	*loader;	/* libvips' class of its loaders */
	const char	*kept_ext;	/* kept as an original; NULL: never */
} formats[] = {
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
static void
vips_why(const char *prefix, const char *path, char *err, size_t errlen)
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
static const struct format *
format_of(const char *loader)
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

/* ST_OK if the header's pixel count is within MEDIA_MAX_IMAGE_PIXELS:
 * checked before any pixel is decoded. */
static int
check_size(VipsImage *head, char *err, size_t errlen)
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
static int
to_srgb8(VipsImage *in, VipsImage **out)
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

/* The EXIF block of im through libexif. libexif wants "Exif\0\0" before
 * the TIFF structure; some writers (HEIF, PNG) store it bare. */
static void
read_exif(VipsImage *im, struct photo_info *pi)
{
	const void	*blob;
	size_t		 len;
	unsigned char	*full = NULL;
	const unsigned char *p;

	if (!vips_image_get_typeof(im, VIPS_META_EXIF_NAME) ||
	    vips_image_get_blob(im, VIPS_META_EXIF_NAME, &blob, &len) != 0) {
		vips_error_clear();
		return;
	}
	p = blob;
	if (len >= 4 && (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0)) {
		if ((full = g_try_malloc(len + 6)) == NULL)
			return;
		memcpy(full, "Exif\0\0", 6);
		memcpy(full + 6, p, len);
		p = full;
		len += 6;
	}
	exif_extract(p, len, pi);
	g_free(full);
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Sum and sum of squares of a one-band image's pixels. */
static int
sums(VipsImage *im, double *sum, double *sum2)
{
	VipsImage	*st = NULL;
	double		*v = NULL;
	int		 n = 0, rc = -1;

	/* Row 0 of vips_stats: all bands; columns min, max, sum, sum². */
	if (vips_stats(im, &st, NULL) == 0 &&
	    vips_getpoint(st, &v, &n, 2, 0, NULL) == 0 && n == 1) {
		*sum = v[0];
		g_free(v);
		v = NULL;
		if (vips_getpoint(st, &v, &n, 3, 0, NULL) == 0 && n == 1) {
			*sum2 = v[0];
			rc = 0;
		}
	}
	g_free(v);
	if (st != NULL)
		g_object_unref(st);
	return rc;
}

/* Contract §3.2 on the luma y (uchar, in memory): brightness and
 * contrast of its values, blur from the variance of its 4-neighbour
 * Laplacian over the interior pixels (edges have no neighbours). */
static int
metrics(VipsImage *y, struct photo_info *pi)
{
	VipsImage	*mask = NULL, *lap = NULL, *inner = NULL;
	double		 sum, sum2, lsum = 0, lsum2 = 0, n, ln, mean, var = 0;
	int		 w = y->Xsize, h = y->Ysize, rc = -1;

	if (sums(y, &sum, &sum2) != 0)
		goto cleanup;
	if (w >= 3 && h >= 3) {
		mask = vips_image_new_matrixv(3, 3, 0.0, 1.0, 0.0, 1.0, -4.0, 1.0,
		    0.0, 1.0, 0.0);
		if (mask == NULL || vips_conv(y, &lap, mask, "precision",
		    VIPS_PRECISION_FLOAT, NULL) != 0 ||
		    vips_extract_area(lap, &inner, 1, 1, w - 2, h - 2, NULL) != 0 ||
		    sums(inner, &lsum, &lsum2) != 0)
			goto cleanup;
		ln = (double)(w - 2) * (h - 2);
		var = lsum2 / ln - (lsum / ln) * (lsum / ln);
	}
	n = (double)w * h;
	mean = sum / n;
	pi->brightness = clamp01(mean / 255);
	pi->contrast = clamp01(sqrt(fmax(0, sum2 / n - mean * mean)) / 127.5);
	pi->blur = clamp01(BLUR_PIVOT / (BLUR_PIVOT + var));
	pi->quality = clamp01(0.5 * (1 - pi->blur) +
	    0.3 * (1 - fabs(pi->brightness - 0.5) * 2) + 0.2 * pi->contrast);
	pi->has_pixels = true;
	rc = 0;
cleanup:
	if (mask != NULL)
		g_object_unref(mask);
	if (lap != NULL)
		g_object_unref(lap);
	if (inner != NULL)
		g_object_unref(inner);
	return rc;
}

/* Decode the photo shrunk as the libjpeg code did (a JPEG shrinks on
 * load by 1/denom, others by the same integer factor after), take the
 * luma a JPEG's Y holds (BT.601 on the gamma-encoded sRGB values, rounded
 * to 8 bits) and measure it. This reads every pixel: a truncated file
 * fails here. */
static int
measure(const unsigned char *data, size_t len, const struct format *f,
    VipsImage *head, struct photo_info *pi)
{
	VipsImage	*src = NULL, *small = NULL, *rgb = NULL, *m = NULL;
	VipsImage	*yf = NULL, *yr = NULL, *y8 = NULL, *y = NULL;
	int		 w = head->Xsize, h = head->Ysize, rc = -1;
	unsigned	 longest = (unsigned)(w > h ? w : h), denom;

	for (denom = 1; denom < 8 && longest / (denom * 2) >= MEASURE_LONG_SIDE; denom *= 2)
		;
	if (strcmp(f->name, "jpeg") == 0 && denom > 1) {
		src = vips_image_new_from_buffer(data, len, "", "access",
		    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED,
		    "shrink", (int)denom, NULL);
		if (src == NULL)
			goto cleanup;
	} else {
		src = head;
		g_object_ref(src);
	}
	if (strcmp(f->name, "jpeg") != 0 && denom > 1) {
		if (vips_shrink(src, &small, (double)denom, (double)denom, NULL) != 0)
			goto cleanup;
	} else {
		small = src;
		g_object_ref(small);
	}
	if (to_srgb8(small, &rgb) != 0 ||
	    (m = vips_image_new_matrixv(3, 1, 0.299, 0.587, 0.114)) == NULL ||
	    vips_recomb(rgb, &yf, m, NULL) != 0 ||
	    vips_round(yf, &yr, VIPS_OPERATION_ROUND_RINT, NULL) != 0 ||
	    vips_cast(yr, &y8, VIPS_FORMAT_UCHAR, NULL) != 0 ||
	    /* In memory: read twice (values, Laplacian), decoded once. */
	    (y = vips_image_copy_memory(y8)) == NULL)
		goto cleanup;
	rc = metrics(y, pi);
cleanup:
	if (src != NULL)
		g_object_unref(src);
	if (small != NULL)
		g_object_unref(small);
	if (rgb != NULL)
		g_object_unref(rgb);
	if (m != NULL)
		g_object_unref(m);
	if (yf != NULL)
		g_object_unref(yf);
	if (yr != NULL)
		g_object_unref(yr);
	if (y8 != NULL)
		g_object_unref(y8);
	if (y != NULL)
		g_object_unref(y);
	return rc;
}

int
image_analyze(const unsigned char *data, size_t len, struct photo_info *pi,
    char *err, size_t errlen)
{
	const struct format	*f;
	VipsImage		*head = NULL;
	int			 rc = ST_INVALID;

	vips_error_clear();
	if (len == 0) {
		snprintf(err, errlen, "empty file");
		goto cleanup;
	}
	if ((f = format_of(vips_foreign_find_load_buffer(data, len))) == NULL) {
		snprintf(err, errlen, "not an image of a supported format");
		goto cleanup;
	}
	/* The header only: nothing is decoded yet. */
	if ((head = vips_image_new_from_buffer(data, len, "", "access",
	    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL)) == NULL) {
		vips_why("truncated or corrupt image", NULL, err, errlen);
		goto cleanup;
	}
	snprintf(pi->format, sizeof(pi->format), "%s", f->name);
	read_exif(head, pi);
	if (pi->orientation == 0 && vips_image_get_typeof(head, VIPS_META_ORIENTATION))
		pi->orientation = vips_image_get_orientation(head);	/* TIFF's tag */
	if ((rc = check_size(head, err, errlen)) != ST_OK)
		goto cleanup;
	if (measure(data, len, f, head, pi) != 0) {
		vips_why("truncated or corrupt image", NULL, err, errlen);
		rc = ST_INVALID;
		goto cleanup;
	}
	/* A size only for a photo that decodes: a header's claim alone
	 * must not put a broken file in an orientation playlist. */
	pi->width = swaps(head) ? head->Ysize : head->Xsize;
	pi->height = swaps(head) ? head->Xsize : head->Ysize;
	rc = ST_OK;
cleanup:
	if (head != NULL)
		g_object_unref(head);
	vips_error_clear();
	return rc;
}

static long
elapsed_ms(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)((t1.tv_sec - t0->tv_sec) * 1000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

/* The largest w x h of the box's aspect ratio inside an image of
 * iw x ih: FIT_COVER of a photo smaller than the box, at native size. */
static void
aspect_crop(int iw, int ih, int box_w, int box_h, int *w, int *h)
{
	if ((long long)iw * box_h > (long long)ih * box_w) {
		*h = ih;
		*w = (int)(((long long)ih * box_w + box_h / 2) / box_h);
	} else {
		*w = iw;
		*h = (int)(((long long)iw * box_h + box_w / 2) / box_w);
	}
	if (*w < 1)
		*w = 1;
	if (*h < 1)
		*h = 1;
}

/* The upright image the frame gets, fitted to the spec, 8-bit sRGB.
 * disp_w x disp_h is the photo's displayed size. */
static int
fitted(const char *src, VipsImage *head, const struct render_spec *spec,
    int disp_w, int disp_h, VipsImage **out)
{
	VipsImage	*th = NULL, *mem = NULL, *crop = NULL;
	VipsImage	*cur;
	int		 bw = spec->box_w > 0 ? spec->box_w : NO_BOUND;
	int		 bh = spec->box_h > 0 ? spec->box_h : NO_BOUND;
	int		 cw, ch, rc = -1;
	bool		 cover = spec->fit == FIT_COVER && spec->box_w > 0 &&
			    spec->box_h > 0;
	/* A photo smaller than the box is cropped at its own size: a frame
	 * is never sent an upscaled photo. */
	bool		 small = cover && (disp_w < bw || disp_h < bh);
	/* A profile (Display P3 of a phone, Adobe RGB) is converted to the
	 * sRGB a frame assumes; the JPEG carries no profile. */
	const char	*profile = vips_image_get_typeof(head, VIPS_META_ICC_NAME) ?
			    "srgb" : NULL;

	/* vips_thumbnail shrinks on load, stays sequential and turns the
	 * photo upright by its orientation. */
	if (vips_thumbnail(src, &th, small ? NO_BOUND : bw, "height",
	    small ? NO_BOUND : bh, "size", VIPS_SIZE_DOWN, "crop",
	    cover && !small ? VIPS_INTERESTING_ATTENTION : VIPS_INTERESTING_NONE,
	    "fail_on", VIPS_FAIL_ON_TRUNCATED, profile ? "export_profile" : NULL,
	    profile, NULL) != 0)
		goto cleanup;
	cur = th;
	if (small) {
		aspect_crop(th->Xsize, th->Ysize, bw, bh, &cw, &ch);
		if ((mem = vips_image_copy_memory(th)) == NULL ||
		    vips_smartcrop(mem, &crop, cw, ch, "interesting",
		    VIPS_INTERESTING_ATTENTION, NULL) != 0)
			goto cleanup;
		cur = crop;
	}
	rc = to_srgb8(cur, out);
cleanup:
	if (th != NULL)
		g_object_unref(th);
	if (mem != NULL)
		g_object_unref(mem);
	if (crop != NULL)
		g_object_unref(crop);
	return rc;
}

/* Write len bytes to path; false on any failure. */
static bool
write_file(const char *path, const void *data, size_t len)
{
	FILE	*fp = fopen(path, "wb");
	bool	 ok;

	if (fp == NULL)
		return false;
	ok = fwrite(data, 1, len, fp) == len;
	ok = fclose(fp) == 0 && ok;
	return ok;
}

/* Decode a kept original to its end (into a tiny thumbnail): a
 * truncated or corrupt file must not reach a frame as it is. */
static int
check_decodes(const char *src)
{
	VipsImage	*th = NULL, *mem = NULL;
	int		 rc = -1;

	if (vips_thumbnail(src, &th, CHECK_SIDE, "height", CHECK_SIDE,
	    "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL) == 0 &&
	    (mem = vips_image_copy_memory(th)) != NULL)
		rc = 0;
	if (th != NULL)
		g_object_unref(th);
	if (mem != NULL)
		g_object_unref(mem);
	return rc;
}

int
image_render(const char *src, const char *dst, const struct render_spec *spec,
    struct render_result *out, char *err, size_t errlen)
{
	const struct format	*f;
	VipsImage		*head = NULL, *img = NULL;
	void			*jpeg = NULL;
	size_t			 jpeg_len = 0;
	struct stat		 st;
	struct timespec		 t0;
	int			 disp_w, disp_h, rc = ST_INVALID;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(out, 0, sizeof(*out));
	vips_error_clear();
	if (stat(src, &st) != 0) {
		snprintf(err, errlen, "cannot read the downloaded file");
		rc = ST_UNAVAILABLE;
		goto cleanup;
	}
	if (st.st_size == 0) {
		snprintf(err, errlen, "empty file");
		goto cleanup;
	}
	if ((f = format_of(vips_foreign_find_load(src))) == NULL) {
		snprintf(err, errlen, "not an image of a supported format");
		goto cleanup;
	}
	if ((head = vips_image_new_from_file(src, "access", VIPS_ACCESS_SEQUENTIAL,
	    "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL)) == NULL) {
		vips_why("truncated or corrupt image", src, err, errlen);
		goto cleanup;
	}
	if ((rc = check_size(head, err, errlen)) != ST_OK)
		goto cleanup;
	rc = ST_INVALID;
	snprintf(out->format, sizeof(out->format), "%s", f->name);
	disp_w = swaps(head) ? head->Ysize : head->Xsize;
	disp_h = swaps(head) ? head->Xsize : head->Ysize;
	if (spec->keep_original && f->kept_ext != NULL) {
		if (check_decodes(src) != 0) {
			vips_why("truncated or corrupt image", src, err, errlen);
			goto cleanup;
		}
		out->kept = true;
		out->width = disp_w;
		out->height = disp_h;
		snprintf(out->ext, sizeof(out->ext), "%s", f->kept_ext);
		rc = ST_OK;
		goto cleanup;
	}
	if (fitted(src, head, spec, disp_w, disp_h, &img) != 0 ||
	    vips_jpegsave_buffer(img, &jpeg, &jpeg_len, "Q", JPEG_QUALITY,
	    "strip", TRUE, NULL) != 0) {
		vips_why("truncated or corrupt image", src, err, errlen);
		goto cleanup;
	}
	if (!write_file(dst, jpeg, jpeg_len)) {
		snprintf(err, errlen, "cannot write the cache file");
		rc = ST_UNAVAILABLE;
		goto cleanup;
	}
	out->width = img->Xsize;
	out->height = img->Ysize;
	snprintf(out->ext, sizeof(out->ext), "jpg");
	rc = ST_OK;
cleanup:
	if (head != NULL)
		g_object_unref(head);
	if (img != NULL)
		g_object_unref(img);
	g_free(jpeg);
	vips_error_clear();
	out->elapsed_ms = elapsed_ms(&t0);
	return rc;
}
