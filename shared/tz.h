/* tz.h: time zone names, checked by the PostgreSQL that uses them. */
#ifndef SHARED_TZ_H
#define SHARED_TZ_H

struct req;

#define TZ_NAME_MAX	64

/*
 * Check tz (an IANA name such as Europe/Paris) and give today's date in it
 * as "YYYY-MM-DD" in *today (arena string; do not free), for statements
 * that take the day as a parameter. The name must have the IANA shape
 * (Area/Location; POSIX strings such as "UTC+5" are refused) and be one
 * PostgreSQL recognizes, tried in PostgreSQL. An unknown or malformed name is a 400 naming field; a
 * database failure ST_UNAVAILABLE or ST_INTERNAL. today may be NULL.
 */
int	tz_check(struct req *, const char *field, const char *tz, const char **today);

#endif
