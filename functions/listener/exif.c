/* exif.c: camera, exposure, GPS and time fields of a JPEG with libexif. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <libexif/exif-data.h>

#include "listener.h"

/* The entry tag in ifd of type format with at least n components. */
static ExifEntry *
entry(ExifData *ed, ExifIfd ifd, ExifTag tag, ExifFormat format, unsigned long n)
{
	ExifEntry	*e = exif_content_get_entry(ed->ifd[ifd], tag);

	if (e == NULL || e->format != format || e->components < n || e->data == NULL)
		return NULL;
	return e;
}

/* An ASCII entry, trimmed, into out; "" when absent. */
static void
ascii(ExifData *ed, ExifIfd ifd, ExifTag tag, char *out, size_t outlen)
{
	ExifEntry	*e = entry(ed, ifd, tag, EXIF_FORMAT_ASCII, 1);
	size_t		 n, i;

	out[0] = '\0';
	if (e == NULL)
		return;
	n = strnlen((const char *)e->data, e->size);
	if (n >= outlen)
		n = outlen - 1;
	for (i = 0; i < n; i++)	/* printable ASCII only: it goes to JSON and SQL */
		out[i] = isprint(e->data[i]) ? (char)e->data[i] : ' ';
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

/* Component i of a RATIONAL entry as a double; false if absent or x/0. */
static bool
rational(ExifData *ed, ExifIfd ifd, ExifTag tag, unsigned long i, double *out)
{
	ExifEntry	*e = entry(ed, ifd, tag, EXIF_FORMAT_RATIONAL, i + 1);
	ExifRational	 r;

	if (e == NULL)
		return false;
	r = exif_get_rational(e->data + 8 * i, exif_data_get_byte_order(ed));
	if (r.denominator == 0)
		return false;
	*out = (double)r.numerator / r.denominator;
	return true;
}

static bool
short_value(ExifData *ed, ExifIfd ifd, ExifTag tag, int *out)
{
	ExifEntry	*e = entry(ed, ifd, tag, EXIF_FORMAT_SHORT, 1);

	if (e == NULL)
		return false;
	*out = exif_get_short(e->data, exif_data_get_byte_order(ed));
	return true;
}

/* GPS degrees/minutes/seconds + N/S or E/W as signed decimal degrees. */
static bool
gps_coord(ExifData *ed, ExifTag tag, ExifTag ref_tag, double *out)
{
	double	 d, m, s;
	char	 ref[4];

	if (!rational(ed, EXIF_IFD_GPS, tag, 0, &d) ||
	    !rational(ed, EXIF_IFD_GPS, tag, 1, &m) ||
	    !rational(ed, EXIF_IFD_GPS, tag, 2, &s))
		return false;
	ascii(ed, EXIF_IFD_GPS, ref_tag, ref, sizeof(ref));
	*out = d + m / 60 + s / 3600;
	if (ref[0] == 'S' || ref[0] == 'W')
		*out = -*out;
	return true;
}

/* "YYYY:MM:DD HH:MM:SS" as RFC 3339; EXIF has no zone unless
 * OffsetTimeOriginal says it, so a bare time is taken as UTC. */
static void
taken_at(ExifData *ed, char *out, size_t outlen)
{
	char	 raw[32], off[16];
	int	 y, mo, d, h, mi, s, n = 0;

	out[0] = '\0';
	ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, raw, sizeof(raw));
	if (sscanf(raw, "%4d:%2d:%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 ||
	    n != 19 || y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || s > 60)
		return;
	ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL, off, sizeof(off));
	if (strlen(off) == 6 && (off[0] == '+' || off[0] == '-') &&
	    isdigit((unsigned char)off[1]) && isdigit((unsigned char)off[2]) &&
	    off[3] == ':' && isdigit((unsigned char)off[4]) &&
	    isdigit((unsigned char)off[5]))
		snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d%s",
		    y, mo, d, h, mi, s, off);
	else
		snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    y, mo, d, h, mi, s);
}

void
exif_extract(const unsigned char *data, size_t len, struct photo_info *pi)
{
	ExifData	*ed;
	double		 v;
	int		 n;

	if (len > 0xffffffffu || (ed = exif_data_new_from_data(data, (unsigned)len)) == NULL)
		return;
	ascii(ed, EXIF_IFD_0, EXIF_TAG_MAKE, pi->make, sizeof(pi->make));
	ascii(ed, EXIF_IFD_0, EXIF_TAG_MODEL, pi->model, sizeof(pi->model));
	ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_LENS_MODEL, pi->lens, sizeof(pi->lens));
	if (rational(ed, EXIF_IFD_EXIF, EXIF_TAG_FOCAL_LENGTH, 0, &v))
		snprintf(pi->focal, sizeof(pi->focal), "%g mm", v);
	if (rational(ed, EXIF_IFD_EXIF, EXIF_TAG_FNUMBER, 0, &v))
		snprintf(pi->aperture, sizeof(pi->aperture), "f/%g", v);
	if (rational(ed, EXIF_IFD_EXIF, EXIF_TAG_EXPOSURE_TIME, 0, &v) && v > 0) {
		if (v < 1)
			snprintf(pi->shutter, sizeof(pi->shutter), "1/%g", 1 / v);
		else
			snprintf(pi->shutter, sizeof(pi->shutter), "%g", v);
	}
	if (short_value(ed, EXIF_IFD_EXIF, EXIF_TAG_ISO_SPEED_RATINGS, &n) && n > 0)
		pi->iso = n;
	if (short_value(ed, EXIF_IFD_EXIF, EXIF_TAG_FLASH, &n))
		pi->flash = n & 1;	/* bit 0: the flash fired */
	if (short_value(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, &n) && n >= 1 && n <= 8)
		pi->orientation = n;
	pi->has_gps = gps_coord(ed, EXIF_TAG_GPS_LATITUDE, EXIF_TAG_GPS_LATITUDE_REF,
	    &pi->latitude) && gps_coord(ed, EXIF_TAG_GPS_LONGITUDE,
	    EXIF_TAG_GPS_LONGITUDE_REF, &pi->longitude) &&
	    pi->latitude >= -90 && pi->latitude <= 90 &&
	    pi->longitude >= -180 && pi->longitude <= 180;
	taken_at(ed, pi->taken_at, sizeof(pi->taken_at));
	exif_data_unref(ed);
}
