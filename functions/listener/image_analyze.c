/* image_analyze.c: the analysis of an uploaded photo with libvips: its
 * format, displayed size, EXIF and the metrics of contract §3.2. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "image.h"
#include "listener.h"
#include "status.h"

/* The measured image is shrunk by 1/2..1/8 so its long side is near this:
 * enough detail for the metrics, and a 12 MP photo costs a 0.7 MP decode.
 * The rule is the one of the libjpeg code it replaces (issue 9): the
 * metrics of existing photos must not move. */
#define MEASURE_LONG_SIDE	1024
/* A variance of the Laplacian of this much reads as blur_score 0.5. */
#define BLUR_PIVOT		100.0

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
	g_clear_object(&st);
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
	g_clear_object(&mask);
	g_clear_object(&lap);
	g_clear_object(&inner);
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
	if (image_srgb8(small, &rgb) != 0 ||
	    (m = vips_image_new_matrixv(3, 1, 0.299, 0.587, 0.114)) == NULL ||
	    vips_recomb(rgb, &yf, m, NULL) != 0 ||
	    vips_round(yf, &yr, VIPS_OPERATION_ROUND_RINT, NULL) != 0 ||
	    vips_cast(yr, &y8, VIPS_FORMAT_UCHAR, NULL) != 0 ||
	    /* In memory: read twice (values, Laplacian), decoded once. */
	    (y = vips_image_copy_memory(y8)) == NULL)
		goto cleanup;
	rc = metrics(y, pi);
cleanup:
	g_clear_object(&src);
	g_clear_object(&small);
	g_clear_object(&rgb);
	g_clear_object(&m);
	g_clear_object(&yf);
	g_clear_object(&yr);
	g_clear_object(&y8);
	g_clear_object(&y);
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
	if ((f = image_format_of(vips_foreign_find_load_buffer(data, len))) == NULL) {
		snprintf(err, errlen, "not an image of a supported format");
		goto cleanup;
	}
	/* The header only: nothing is decoded yet. */
	if ((head = vips_image_new_from_buffer(data, len, "", "access",
	    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL)) == NULL) {
		image_why("truncated or corrupt image", NULL, err, errlen);
		goto cleanup;
	}
	snprintf(pi->format, sizeof(pi->format), "%s", f->name);
	read_exif(head, pi);
	if (pi->orientation == 0 && vips_image_get_typeof(head, VIPS_META_ORIENTATION))
		pi->orientation = vips_image_get_orientation(head);	/* TIFF's tag */
	if ((rc = image_check_size(head, err, errlen)) != ST_OK)
		goto cleanup;
	if (measure(data, len, f, head, pi) != 0) {
		image_why("truncated or corrupt image", NULL, err, errlen);
		rc = ST_INVALID;
		goto cleanup;
	}
	/* A size only for a photo that decodes: a header's claim alone
	 * must not put a broken file in an orientation playlist. */
	image_displayed(head, &pi->width, &pi->height);
	rc = ST_OK;
cleanup:
	g_clear_object(&head);
	vips_error_clear();
	return rc;
}
