/* kind.c: which photo format a file is, from its first bytes. */
#include <stdbool.h>
#include <string.h>

#include "import.h"

/* One ISOBMFF brand (HEIF/AVIF "ftyp" box, ISO/IEC 23008-12 and the AV1
 * Image File Format). */
static bool
brand_is(const unsigned char *b, const char *const *list)
{
	for (; *list != NULL; list++)
		if (memcmp(b, *list, 4) == 0)
			return true;
	return false;
}

/* HEIC or AVIF: an ftyp box whose major or compatible brands say so. AVIF
 * often carries mif1 (HEIF's generic brand) too, so avif is asked first. */
static const char *
isobmff(const unsigned char *p, size_t len)
{
	static const char *const avif[] = { "avif", "avis", NULL };
	static const char *const heic[] = { "heic", "heix", "heim", "heis", "hevc",
		"hevx", "mif1", "msf1", NULL };
	size_t	 box, i;

	if (len < 16 || memcmp(p + 4, "ftyp", 4) != 0)
		return NULL;
	box = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
	if (box < 16 || box > len)
		box = len;
	if (brand_is(p + 8, avif))
		return "image/avif";
	for (i = 16; i + 4 <= box; i += 4)
		if (brand_is(p + i, avif))
			return "image/avif";
	if (brand_is(p + 8, heic))
		return "image/heic";
	for (i = 16; i + 4 <= box; i += 4)
		if (brand_is(p + i, heic))
			return "image/heic";
	return NULL;
}

const char *
kind_of(const unsigned char *p, size_t len)
{
	if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
		return "image/gif";
	if (len >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return "image/webp";
	/* TIFF and BigTIFF, either byte order. */
	if (len >= 4 && (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0 ||
	    memcmp(p, "II+\0", 4) == 0 || memcmp(p, "MM\0+", 4) == 0))
		return "image/tiff";
	return isobmff(p, len);
}
