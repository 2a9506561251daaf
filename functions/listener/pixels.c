/* pixels.c: size, brightness, contrast, blur and quality of a JPEG
 * (contract §3.2), measured on a downscaled luma-only decode. */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "listener.h"
#include "status.h"

/* The decode is scaled by 1/2..1/8 so its long side is near this: enough
 * detail for the metrics, and a 12 MP photo costs a 0.7 MP decode. */
#define MEASURE_LONG_SIDE	1024
/* A variance of the Laplacian of this much reads as blur_score 0.5. */
#define BLUR_PIVOT		100.0

struct jerr {
	struct jpeg_error_mgr	 mgr;
	jmp_buf			 jump;
	char			 msg[JMSG_LENGTH_MAX];
};

/* libjpeg's default error_exit calls exit(); corrupt input must not. */
static void
on_error(j_common_ptr c)
{
	struct jerr	*e = (struct jerr *)c->err;

	(*c->err->format_message)(c, e->msg);
	longjmp(e->jump, 1);
}

static void
on_message(j_common_ptr c)
{
	(void)c;	/* warnings of a damaged but decodable file: ignore */
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Mean, standard deviation and variance of the 4-neighbour Laplacian. */
static void
metrics(const unsigned char *g, int w, int h, struct photo_info *pi)
{
	double	 sum = 0, sq = 0, lsum = 0, lsq = 0, n = (double)w * h, ln, var;
	int	 x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			double v = g[(size_t)y * w + x];

			sum += v;
			sq += v * v;
		}
	for (y = 1; y < h - 1; y++)
		for (x = 1; x < w - 1; x++) {
			const unsigned char *p = g + (size_t)y * w + x;
			double l = p[-1] + p[1] + p[-w] + p[w] - 4.0 * p[0];

			lsum += l;
			lsq += l * l;
		}
	ln = (double)(w - 2) * (h - 2);
	var = ln > 0 ? lsq / ln - (lsum / ln) * (lsum / ln) : 0;
	pi->brightness = clamp01(sum / n / 255);
	pi->contrast = clamp01(sqrt(fmax(0, sq / n - (sum / n) * (sum / n))) / 127.5);
	pi->blur = clamp01(BLUR_PIVOT / (BLUR_PIVOT + var));
	pi->quality = clamp01(0.5 * (1 - pi->blur) +
	    0.3 * (1 - fabs(pi->brightness - 0.5) * 2) + 0.2 * pi->contrast);
	pi->has_pixels = true;
}

int
pixels_measure(const unsigned char *data, size_t len, struct photo_info *pi,
    char *err, size_t errlen)
{
	struct jpeg_decompress_struct	 d;
	struct jerr			 je;
	unsigned char			*volatile gray = NULL;
	unsigned int			 denom, longest;
	JSAMPROW			 row;

	memset(&d, 0, sizeof(d));
	d.err = jpeg_std_error(&je.mgr);
	je.mgr.error_exit = on_error;
	je.mgr.output_message = on_message;
	if (setjmp(je.jump)) {
		snprintf(err, errlen, "not a decodable JPEG: %s", je.msg);
		jpeg_destroy_decompress(&d);
		free(gray);
		return ST_INVALID;
	}
	jpeg_create_decompress(&d);
	if (len < 4 || data[0] != 0xff || data[1] != 0xd8) {
		snprintf(err, errlen, "not a JPEG image");
		jpeg_destroy_decompress(&d);
		return ST_INVALID;
	}
	jpeg_mem_src(&d, data, (unsigned long)len);
	jpeg_read_header(&d, TRUE);
	pi->width = (int)d.image_width;
	pi->height = (int)d.image_height;
	longest = d.image_width > d.image_height ? d.image_width : d.image_height;
	for (denom = 1; denom < 8 && longest / (denom * 2) >= MEASURE_LONG_SIDE; denom *= 2)
		;
	d.scale_num = 1;
	d.scale_denom = denom;
	d.out_color_space = JCS_GRAYSCALE;	/* luma straight from Y */
	d.dct_method = JDCT_IFAST;
	d.do_fancy_upsampling = FALSE;
	jpeg_start_decompress(&d);
	gray = malloc((size_t)d.output_width * d.output_height);
	if (gray == NULL) {
		snprintf(err, errlen, "out of memory");
		jpeg_destroy_decompress(&d);
		return ST_UNAVAILABLE;
	}
	while (d.output_scanline < d.output_height) {
		row = gray + (size_t)d.output_scanline * d.output_width;
		jpeg_read_scanlines(&d, &row, 1);
	}
	metrics(gray, (int)d.output_width, (int)d.output_height, pi);
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	free(gray);
	return ST_OK;
}
