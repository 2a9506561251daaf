/* exif.c: camera, exposure, GPS and time fields of an EXIF block, with
 * libexif; a value that is not valid is left out. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <libexif/exif-data.h>

#include "listener.h"
#include "log.h"

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

/* n digits at p as a number; false if any is not a digit. */
static bool
digits(const char *p, int n, int *out)
{
	int	 i, v = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

static int
days_in_month(int y, int mo)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool		 leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mo == 2 && leap ? 29 : days[mo - 1];
}

/* "YYYY:MM:DD HH:MM:SS" exactly (the EXIF form: digits where the format
 * has them, a real calendar date, 00-23:00-59:00-59), or false. sscanf
 * would take "-1" for a number: PostgreSQL then refuses the whole row. */
static bool
exif_time(const char *raw, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
	if (strlen(raw) != 19 || raw[4] != ':' || raw[7] != ':' || raw[10] != ' ' ||
	    raw[13] != ':' || raw[16] != ':' ||
	    !digits(raw, 4, y) || !digits(raw + 5, 2, mo) || !digits(raw + 8, 2, d) ||
	    !digits(raw + 11, 2, h) || !digits(raw + 14, 2, mi) ||
	    !digits(raw + 17, 2, s))
		return false;
	return *y >= 1900 && *mo >= 1 && *mo <= 12 && *d >= 1 &&
	    *d <= days_in_month(*y, *mo) && *h <= 23 && *mi <= 59 && *s <= 59;
}

/* OffsetTimeOriginal "+HH:MM" / "-HH:MM" within the zones there are
 * (UTC-12 to UTC+14), or false. */
static bool
exif_offset(const char *off)
{
	int	 h, m;

	return strlen(off) == 6 && (off[0] == '+' || off[0] == '-') &&
	    digits(off + 1, 2, &h) && off[3] == ':' && digits(off + 4, 2, &m) &&
	    h <= 14 && m <= 59;
}

/* DateTimeOriginal as RFC 3339; EXIF has no zone unless
 * OffsetTimeOriginal says it, so a bare time is taken as UTC. A value
 * that is no valid time is left out and logged. */
static void
taken_at(ExifData *ed, char *out, size_t outlen)
{
	char	 raw[32], off[16];
	int	 y, mo, d, h, mi, s;

	out[0] = '\0';
	ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, raw, sizeof(raw));
	if (raw[0] == '\0')
		return;
	if (!exif_time(raw, &y, &mo, &d, &h, &mi, &s)) {
		log_warn("exif: DateTimeOriginal \"%s\" is not a valid time; left out", raw);
		return;
	}
	ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL, off, sizeof(off));
	if (off[0] != '\0' && !exif_offset(off)) {
		log_warn("exif: OffsetTimeOriginal \"%s\" is not a valid offset; "
		    "taken as UTC", off);
		off[0] = '\0';
	}
	if (off[0] != '\0')
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
