/* mkjpeg.c: test JPEGs with known pixels and known EXIF tags.
 *
 *   mkjpeg OUT WIDTH HEIGHT sharp|smooth MEAN AMP [tag=value ...]
 *
 * sharp: a 2-pixel checkerboard MEAN ± AMP (a high variance of the
 * Laplacian); smooth: a horizontal sine MEAN ± AMP (almost none).
 * Tags: make, model, lens, focal (mm), fnumber, exposure (1/N or seconds),
 * iso, flash (0/1), lat, lon (signed degrees), taken ("YYYY:MM:DD HH:MM:SS"),
 * orientation (1-8).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <libexif/exif-data.h>

static ExifEntry *
add(ExifData *ed, ExifIfd ifd, ExifTag tag, ExifFormat fmt, unsigned long n)
{
	ExifMem		*mem = exif_mem_new_default();
	ExifEntry	*e = exif_entry_new_mem(mem);
	unsigned int	 size = exif_format_get_size(fmt) * (unsigned)n;

	e->data = exif_mem_alloc(mem, size);
	e->size = size;
	e->tag = tag;
	e->components = n;
	e->format = fmt;
	exif_content_add_entry(ed->ifd[ifd], e);
	exif_mem_unref(mem);
	exif_entry_unref(e);
	return e;
}

static void
ascii(ExifData *ed, ExifIfd ifd, ExifTag tag, const char *v)
{
	ExifEntry	*e = add(ed, ifd, tag, EXIF_FORMAT_ASCII, strlen(v) + 1);

	memcpy(e->data, v, strlen(v) + 1);
}

static void
rational(ExifData *ed, ExifIfd ifd, ExifTag tag, const ExifRational *r, int n)
{
	ExifEntry	*e = add(ed, ifd, tag, EXIF_FORMAT_RATIONAL, (unsigned long)n);
	int		 i;

	for (i = 0; i < n; i++)
		exif_set_rational(e->data + 8 * i, EXIF_BYTE_ORDER_INTEL, r[i]);
}

static void
short_tag(ExifData *ed, ExifIfd ifd, ExifTag tag, int v)
{
	ExifEntry	*e = add(ed, ifd, tag, EXIF_FORMAT_SHORT, 1);

	exif_set_short(e->data, EXIF_BYTE_ORDER_INTEL, (ExifShort)v);
}

static void
gps(ExifData *ed, ExifTag tag, ExifTag ref_tag, double deg, const char *refs)
{
	double		 a = fabs(deg);
	ExifRational	 r[3];
	char		 ref[2] = { deg < 0 ? refs[1] : refs[0], '\0' };

	r[0] = (ExifRational){ (ExifLong)a, 1 };
	r[1] = (ExifRational){ (ExifLong)((a - floor(a)) * 60), 1 };
	r[2] = (ExifRational){ (ExifLong)llround(((a - floor(a)) * 60 - r[1].numerator) * 60 * 10000), 10000 };
	rational(ed, EXIF_IFD_GPS, tag, r, 3);
	ascii(ed, EXIF_IFD_GPS, ref_tag, ref);
}

static void
tag(ExifData *ed, const char *kv)
{
	const char	*v = strchr(kv, '=') + 1;
	size_t		 k = (size_t)(v - kv - 1);
	ExifRational	 r;
	unsigned	 num, den;

	if (strncmp(kv, "make", k) == 0)
		ascii(ed, EXIF_IFD_0, EXIF_TAG_MAKE, v);
	else if (strncmp(kv, "model", k) == 0)
		ascii(ed, EXIF_IFD_0, EXIF_TAG_MODEL, v);
	else if (strncmp(kv, "lens", k) == 0)
		ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_LENS_MODEL, v);
	else if (strncmp(kv, "taken", k) == 0)
		ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, v);
	else if (strncmp(kv, "focal", k) == 0) {
		r = (ExifRational){ (ExifLong)(atof(v) * 10), 10 };
		rational(ed, EXIF_IFD_EXIF, EXIF_TAG_FOCAL_LENGTH, &r, 1);
	} else if (strncmp(kv, "fnumber", k) == 0) {
		r = (ExifRational){ (ExifLong)(atof(v) * 10), 10 };
		rational(ed, EXIF_IFD_EXIF, EXIF_TAG_FNUMBER, &r, 1);
	} else if (strncmp(kv, "exposure", k) == 0) {
		if (sscanf(v, "%u/%u", &num, &den) != 2)
			num = (unsigned)atoi(v), den = 1;
		r = (ExifRational){ num, den };
		rational(ed, EXIF_IFD_EXIF, EXIF_TAG_EXPOSURE_TIME, &r, 1);
	} else if (strncmp(kv, "iso", k) == 0)
		short_tag(ed, EXIF_IFD_EXIF, EXIF_TAG_ISO_SPEED_RATINGS, atoi(v));
	else if (strncmp(kv, "flash", k) == 0)
		short_tag(ed, EXIF_IFD_EXIF, EXIF_TAG_FLASH, atoi(v));
	else if (strncmp(kv, "orientation", k) == 0)
		short_tag(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, atoi(v));
	else if (strncmp(kv, "lat", k) == 0)
		gps(ed, EXIF_TAG_GPS_LATITUDE, EXIF_TAG_GPS_LATITUDE_REF, atof(v), "NS");
	else if (strncmp(kv, "lon", k) == 0)
		gps(ed, EXIF_TAG_GPS_LONGITUDE, EXIF_TAG_GPS_LONGITUDE_REF, atof(v), "EW");
	else {
		fprintf(stderr, "mkjpeg: unknown tag %s\n", kv);
		exit(2);
	}
}

static unsigned char
pixel(int x, int y, int w, int sharp, double mean, double amp)
{
	double	 v;

	if (sharp)
		v = mean + ((((x / 2) + (y / 2)) & 1) ? amp : -amp);
	else
		v = mean + amp * sin(2 * M_PI * x / w);
	return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
}

int
main(int argc, char **argv)
{
	struct jpeg_compress_struct	 c;
	struct jpeg_error_mgr		 jerr;
	ExifData			*ed;
	unsigned char			*exif = NULL, *row;
	unsigned int			 exif_len = 0;
	FILE				*out;
	int				 w, h, sharp, x, y, i;
	double				 mean, amp;

	if (argc < 7) {
		fprintf(stderr, "usage: mkjpeg OUT W H sharp|smooth MEAN AMP [tag=value...]\n");
		return 2;
	}
	w = atoi(argv[2]);
	h = atoi(argv[3]);
	sharp = strcmp(argv[4], "sharp") == 0;
	mean = atof(argv[5]);
	amp = atof(argv[6]);
	if (w < 1 || h < 1 || (out = fopen(argv[1], "wb")) == NULL) {
		fprintf(stderr, "mkjpeg: bad size or cannot write %s\n", argv[1]);
		return 1;
	}
	ed = exif_data_new();
	exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
	for (i = 7; i < argc; i++)
		if (strchr(argv[i], '=') != NULL)
			tag(ed, argv[i]);
	exif_data_save_data(ed, &exif, &exif_len);
	c.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, out);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 92, TRUE);
	jpeg_start_compress(&c, TRUE);
	if (argc > 7 && exif_len > 0)
		jpeg_write_marker(&c, JPEG_APP0 + 1, exif, exif_len);
	row = malloc((size_t)w * 3);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++)
			row[x * 3] = row[x * 3 + 1] = row[x * 3 + 2] =
			    pixel(x, y, w, sharp, mean, amp);
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	fclose(out);
	free(row);
	free(exif);
	exif_data_unref(ed);
	return 0;
}
