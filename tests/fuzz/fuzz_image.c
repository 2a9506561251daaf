/*
 * fuzz_image.c: EXIF extraction and image analysis on a buffer, the
 * listener's work on an uploaded file (image*.c, exif.c). The input is a
 * file's bytes: image_analyze() on them (libvips, only the loaders of
 * IMAGE_FORMATS, the EXIF block through exif_extract), then exif_extract()
 * on the raw bytes as well (libexif also finds the APP1 block of a bare
 * JPEG). What the database will be given is checked: a taken_at that
 * timefmt accepts (the column's rule), coordinates and orientation in
 * range, finite metrics; a broken rule aborts.
 *
 * MEDIA_MAX_IMAGE_PIXELS is 1 Mpx here (the service's default is larger):
 * the same code path refuses bigger images, and the fuzzer spends its
 * time on parsing instead of on large, valid decodes.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* listener.h (nats.h) before fuzz.h: serve.h's API macro would rename a
 * member of a nats.h struct. */
#include "listener/listener.h"
#include "fuzz.h"
#include "status.h"
#include "timefmt.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	fuzz_offline();
	setenv("MEDIA_MAX_IMAGE_PIXELS", "1000000", 1);
	if (image_init((*argv)[0]) != ST_OK)
		abort();
	return 0;
}

/* What store.c writes into photo_metadata must fit its columns. */
static void
check_info(const struct photo_info *pi)
{
	time_t	 t;

	fuzz_check(memchr(pi->make, '\0', sizeof(pi->make)) != NULL &&
	    memchr(pi->model, '\0', sizeof(pi->model)) != NULL &&
	    memchr(pi->lens, '\0', sizeof(pi->lens)) != NULL &&
	    memchr(pi->taken_at, '\0', sizeof(pi->taken_at)) != NULL);
	fuzz_check(pi->taken_at[0] == '\0' || timefmt_parse_rfc3339(pi->taken_at, &t));
	fuzz_check(pi->orientation >= 0 && pi->orientation <= 8);
	fuzz_check(pi->flash >= -1 && pi->flash <= 1);
	fuzz_check(!pi->has_gps || (fabs(pi->latitude) <= 90 && fabs(pi->longitude) <= 180));
	fuzz_check(pi->width >= 0 && pi->height >= 0);
	fuzz_check(!pi->has_pixels || (isfinite(pi->brightness) && isfinite(pi->contrast) &&
	    isfinite(pi->blur) && isfinite(pi->quality)));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct photo_info	 pi;
	char			 err[256];

	memset(&pi, 0, sizeof(pi));
	pi.flash = -1;
	image_analyze(data, size, &pi, err, sizeof(err));
	check_info(&pi);
	memset(&pi, 0, sizeof(pi));
	pi.flash = -1;
	exif_extract(data, size, &pi);
	check_info(&pi);
	return 0;
}
