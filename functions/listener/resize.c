/* resize.c: shrink a cached JPEG to its cache_quality bound (contract
 * §3.5) with libjpeg-turbo: a scaled decode, then an area average, row by
 * row, so memory stays a few rows whatever the photo's size. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "listener.h"
#include "status.h"

#define JPEG_QUALITY	85

int
resize_bound(const char *quality)
{
	if (strcmp(quality, "high") == 0)
		return 2560;
	if (strcmp(quality, "medium") == 0)
		return 1920;
	if (strcmp(quality, "low") == 0)
		return 1280;
	return 0;
}

struct jerr {
	struct jpeg_error_mgr	 mgr;
	jmp_buf			 jump;
};

static void
on_error(j_common_ptr c)
{
	longjmp(((struct jerr *)c->err)->jump, 1);
}

static void
on_message(j_common_ptr c)
{
	(void)c;
}

/* Everything one resize holds, so the error path can free it all. */
struct job {
	struct jpeg_decompress_struct	 d;
	struct jpeg_compress_struct	 c;
	struct jerr			 je;	/* shared by both */
	FILE				*in, *out;
	JSAMPLE				*row, *orow;
	float				*acc;
	unsigned			*cnt;
};

static void
job_free(struct job *j)
{
	jpeg_destroy_decompress(&j->d);
	jpeg_destroy_compress(&j->c);
	if (j->in != NULL)
		fclose(j->in);
	if (j->out != NULL)
		fclose(j->out);
	free(j->row);
	free(j->orow);
	free(j->acc);
	free(j->cnt);
}

/* Write the averaged row in acc/cnt and clear them. */
static void
emit(struct job *j, unsigned ow)
{
	unsigned	 i;
	JSAMPROW	 r = j->orow;

	for (i = 0; i < ow * 3; i++)
		j->orow[i] = (JSAMPLE)(j->acc[i] / (float)j->cnt[i / 3] + 0.5f);
	jpeg_write_scanlines(&j->c, &r, 1);
	memset(j->acc, 0, sizeof(float) * ow * 3);
	memset(j->cnt, 0, sizeof(unsigned) * ow);
}

/* Area-average the decoded rows into ow x oh output rows. */
static void
shrink(struct job *j, unsigned ow, unsigned oh)
{
	unsigned	 iw = j->d.output_width, ih = j->d.output_height, x, y, ox;
	unsigned	 cur = 0, oy;
	JSAMPROW	 r = j->row;

	for (y = 0; y < ih; y++) {
		jpeg_read_scanlines(&j->d, &r, 1);
		oy = (unsigned)((unsigned long long)y * oh / ih);
		if (oy != cur) {
			emit(j, ow);
			cur = oy;
		}
		for (x = 0; x < iw; x++) {
			ox = (unsigned)((unsigned long long)x * ow / iw);
			j->acc[ox * 3] += j->row[x * 3];
			j->acc[ox * 3 + 1] += j->row[x * 3 + 1];
			j->acc[ox * 3 + 2] += j->row[x * 3 + 2];
			j->cnt[ox]++;
		}
	}
	emit(j, ow);
}

int
resize_jpeg(const char *src, const char *dst, int max_px, bool *resized)
{
	struct job	 j;
	unsigned	 longest, denom, ow, oh, iw, ih;

	memset(&j, 0, sizeof(j));
	*resized = false;
	j.d.err = j.c.err = jpeg_std_error(&j.je.mgr);
	j.je.mgr.error_exit = on_error;
	j.je.mgr.output_message = on_message;
	if (setjmp(j.je.jump)) {
		job_free(&j);
		return ST_INVALID;
	}
	jpeg_create_decompress(&j.d);
	jpeg_create_compress(&j.c);
	if ((j.in = fopen(src, "rb")) == NULL) {
		job_free(&j);
		return ST_UNAVAILABLE;
	}
	jpeg_stdio_src(&j.d, j.in);
	jpeg_read_header(&j.d, TRUE);
	iw = j.d.image_width;
	ih = j.d.image_height;
	longest = iw > ih ? iw : ih;
	if (max_px <= 0 || longest <= (unsigned)max_px) {
		job_free(&j);
		return ST_OK;	/* already within the bound: keep the original */
	}
	/* Decode at the smallest 1/2^k scale still at least the bound. */
	for (denom = 1; denom < 8 && longest / (denom * 2) >= (unsigned)max_px; denom *= 2)
		;
	j.d.scale_num = 1;
	j.d.scale_denom = denom;
	j.d.out_color_space = JCS_RGB;
	jpeg_start_decompress(&j.d);
	ow = iw >= ih ? (unsigned)max_px :
	    (unsigned)(((unsigned long long)iw * max_px + ih / 2) / ih);
	oh = ih > iw ? (unsigned)max_px :
	    (unsigned)(((unsigned long long)ih * max_px + iw / 2) / iw);
	if (ow == 0)
		ow = 1;
	if (oh == 0)
		oh = 1;
	if ((j.out = fopen(dst, "wb")) == NULL ||
	    (j.row = malloc((size_t)j.d.output_width * 3)) == NULL ||
	    (j.orow = malloc((size_t)ow * 3)) == NULL ||
	    (j.acc = calloc((size_t)ow * 3, sizeof(float))) == NULL ||
	    (j.cnt = calloc(ow, sizeof(unsigned))) == NULL) {
		job_free(&j);
		return ST_UNAVAILABLE;
	}
	jpeg_stdio_dest(&j.c, j.out);
	j.c.image_width = ow;
	j.c.image_height = oh;
	j.c.input_components = 3;
	j.c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&j.c);
	jpeg_set_quality(&j.c, JPEG_QUALITY, TRUE);
	jpeg_start_compress(&j.c, TRUE);
	shrink(&j, ow, oh);
	jpeg_finish_compress(&j.c);
	jpeg_finish_decompress(&j.d);
	if (fflush(j.out) != 0) {
		job_free(&j);
		return ST_UNAVAILABLE;
	}
	job_free(&j);
	*resized = true;
	return ST_OK;
}
