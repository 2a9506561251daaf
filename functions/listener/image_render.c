/* image_render.c: the render of a cache file for a frame with libvips:
 * upright, fitted to the frame's box, a JPEG; or the original kept. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "image.h"
#include "listener.h"
#include "status.h"

#define JPEG_QUALITY		85
/* vips_thumbnail's box for "no bound": the full size. */
#define NO_BOUND		VIPS_MAX_COORD
/* The thumbnail that checks a kept original decodes to the end. */
#define CHECK_SIDE		64

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

/* The upright image the frame gets, fitted to the spec, 8-bit sRGB. */
static int
fitted(const char *src, VipsImage *head, const struct render_spec *spec,
    VipsImage **out)
{
	VipsImage	*th = NULL, *mem = NULL, *crop = NULL;
	VipsImage	*cur;
	int		 bw = spec->box_w > 0 ? spec->box_w : NO_BOUND;
	int		 bh = spec->box_h > 0 ? spec->box_h : NO_BOUND;
	int		 disp_w, disp_h, cw, ch, rc = -1;
	bool		 cover = spec->fit == FIT_COVER && spec->box_w > 0 &&
			    spec->box_h > 0;
	bool		 small;
	/* A profile (Display P3 of a phone, Adobe RGB) is converted to the
	 * sRGB a frame assumes; the JPEG carries no profile. */
	const char	*profile = vips_image_get_typeof(head, VIPS_META_ICC_NAME) ?
			    "srgb" : NULL;

	/* A photo smaller than the box is cropped at its own size: a frame
	 * is never sent an upscaled photo. */
	image_displayed(head, &disp_w, &disp_h);
	small = cover && (disp_w < bw || disp_h < bh);
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
	rc = image_srgb8(cur, out);
cleanup:
	g_clear_object(&th);
	g_clear_object(&mem);
	g_clear_object(&crop);
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
	g_clear_object(&th);
	g_clear_object(&mem);
	return rc;
}

/* The header of src and its format, once src is a file of a format we
 * take within MEDIA_MAX_IMAGE_PIXELS. ST_OK; ST_INVALID (a bad file) or
 * ST_UNAVAILABLE (it cannot be read), why in err. *head, when set, is
 * the caller's to unref whatever the status. */
static int
open_source(const char *src, const struct format **f, VipsImage **head,
    char *err, size_t errlen)
{
	struct stat	 st;

	if (stat(src, &st) != 0) {
		snprintf(err, errlen, "cannot read the downloaded file");
		return ST_UNAVAILABLE;
	}
	if (st.st_size == 0) {
		snprintf(err, errlen, "empty file");
		return ST_INVALID;
	}
	if ((*f = image_format_of(vips_foreign_find_load(src))) == NULL) {
		snprintf(err, errlen, "not an image of a supported format");
		return ST_INVALID;
	}
	if ((*head = vips_image_new_from_file(src, "access", VIPS_ACCESS_SEQUENTIAL,
	    "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL)) == NULL) {
		image_why("truncated or corrupt image", src, err, errlen);
		return ST_INVALID;
	}
	return image_check_size(*head, err, errlen);
}

/* keep_original of a format a browser shows: src itself, once it decodes
 * to its end; nothing is written. */
static int
render_kept(const char *src, const struct format *f, VipsImage *head,
    struct render_result *out, char *err, size_t errlen)
{
	if (check_decodes(src) != 0) {
		image_why("truncated or corrupt image", src, err, errlen);
		return ST_INVALID;
	}
	out->kept = true;
	image_displayed(head, &out->width, &out->height);
	snprintf(out->ext, sizeof(out->ext), "%s", f->kept_ext);
	return ST_OK;
}

/* The fitted photo as a JPEG with no metadata, written to dst. */
static int
render_jpeg(const char *src, const char *dst, VipsImage *head,
    const struct render_spec *spec, struct render_result *out, char *err,
    size_t errlen)
{
	VipsImage	*img = NULL;
	void		*jpeg = NULL;
	size_t		 jpeg_len = 0;
	int		 rc = ST_INVALID;

	if (fitted(src, head, spec, &img) != 0 ||
	    vips_jpegsave_buffer(img, &jpeg, &jpeg_len, "Q", JPEG_QUALITY,
	    "strip", TRUE, NULL) != 0) {
		image_why("truncated or corrupt image", src, err, errlen);
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
	g_clear_object(&img);
	g_free(jpeg);
	return rc;
}

int
image_render(const char *src, const char *dst, const struct render_spec *spec,
    struct render_result *out, char *err, size_t errlen)
{
	const struct format	*f = NULL;
	VipsImage		*head = NULL;
	struct timespec		 t0;
	int			 rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(out, 0, sizeof(*out));
	vips_error_clear();
	if ((rc = open_source(src, &f, &head, err, errlen)) == ST_OK) {
		snprintf(out->format, sizeof(out->format), "%s", f->name);
		if (spec->keep_original && f->kept_ext != NULL)
			rc = render_kept(src, f, head, out, err, errlen);
		else
			rc = render_jpeg(src, dst, head, spec, out, err, errlen);
	}
	g_clear_object(&head);
	vips_error_clear();
	out->elapsed_ms = elapsed_ms(&t0);
	return rc;
}
