/* utf8.c: the one UTF-8 decoder: sequence lengths and character-boundary
 * cuts, for validators, error details and log lines alike. */
#include "utf8.h"

size_t
utf8_seq(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned int		 c = *p, cp, min;
	size_t			 need, i;

	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		need = 1, cp = c & 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		need = 2, cp = c & 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		need = 3, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	/* A NUL is not a continuation byte, so this stops at the end. */
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return need + 1;
}

size_t
utf8_prefix(const char *s, size_t max)
{
	size_t	 n = 0, len;

	while (s[n] != '\0') {
		if ((len = utf8_seq(s + n)) == 0)
			len = 1;
		if (n + len > max)
			break;
		n += len;
	}
	return n;
}

bool
utf8_valid(const char *s, size_t len)
{
	size_t	 i, k;

	for (i = 0; i < len; i += k)
		if ((k = utf8_seq(s + i)) == 0)
			return false;
	return true;
}
