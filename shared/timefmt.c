/* timefmt.c: RFC 3339 (the profile of ISO 8601 the contract uses). */
#include <stdio.h>
#include <string.h>

#include "timefmt.h"

/*
 * RFC 3339 allows offsets up to 23:59 and any number of fraction digits;
 * PostgreSQL, which stores the value, refuses offsets beyond 15:59 ("time
 * zone displacement out of range") and a field over its buffer (about 120
 * digits). Every real zone lies within -12:00..+14:00, and PostgreSQL
 * keeps microseconds: nanoseconds are the most a client has.
 */
#define OFFSET_HOURS_MAX	15
#define FRACTION_DIGITS_MAX	9

/* Not strftime's %Y: it has no leading zeros (year 225 is "225"), and
 * RFC 3339 wants four digits (tests/fuzz found it). Years beyond
 * 0001-9999 give "": RFC 3339 has no form for them past 9999, and
 * PostgreSQL takes no year 0. */
void
timefmt_rfc3339(time_t t, char *buf, size_t len)
{
	struct tm	 tm;
	int		 n = -1;

	if (gmtime_r(&t, &tm) != NULL && tm.tm_year >= 1 - 1900 && tm.tm_year <= 9999 - 1900)
		n = snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
	if ((n < 0 || (size_t)n >= len) && len > 0)
		buf[0] = '\0';
}

/* n decimal digits at s into *out; false if any is not a digit. */
static bool
digits(const char *s, int n, int *out)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* YYYY-MM-DD at s; false if malformed or not a real date. */
static bool
parse_date(const char *s, int *y, int *m, int *d)
{
	if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) ||
	    s[7] != '-' || !digits(s + 8, 2, d))
		return false;
	return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 &&
	    *d <= days_in_month(*y, *m);
}

bool
timefmt_is_date(const char *s)
{
	int	 y, m, d;

	return s != NULL && strlen(s) == 10 && parse_date(s, &y, &m, &d);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long
days_from_civil(int y, int m, int d)
{
	long long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool
timefmt_parse_rfc3339(const char *s, time_t *out)
{
	int		 y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0, n;
	const char	*p;

	if (s == NULL || strlen(s) < 20 || !parse_date(s, &y, &mo, &d))
		return false;
	if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) ||
	    s[16] != ':' || !digits(s + 17, 2, &sec))
		return false;
	if (h > 23 || mi > 59 || sec > 60)
		return false;
	p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return false;
		for (p++, n = 0; *p >= '0' && *p <= '9'; p++, n++)
			;
		if (n > FRACTION_DIGITS_MAX)
			return false;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		sign = 0;
	else if ((*p == '+' || *p == '-') && digits(p + 1, 2, &oh) &&
	    p[3] == ':' && digits(p + 4, 2, &om) && p[6] == '\0' &&
	    oh <= OFFSET_HOURS_MAX && om <= 59)
		sign = *p == '+' ? 1 : -1;
	else
		return false;
	if (sec == 60)
		sec = 59;	/* a leap second reads as the second before it */
	*out = (time_t)(days_from_civil(y, mo, d) * 86400LL + h * 3600 +
	    mi * 60 + sec - sign * (oh * 3600 + om * 60));
	return true;
}
