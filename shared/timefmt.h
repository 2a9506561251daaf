/* timefmt.h: RFC 3339 UTC formatting and parsing of wire timestamps. */
#ifndef SHARED_TIMEFMT_H
#define SHARED_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* "2025-12-11T12:00:00Z" for t into buf (at least 21 bytes); "" for a
 * year outside 0001-9999. Cannot fail. */
void	timefmt_rfc3339(time_t t, char *buf, size_t len);
/*
 * Parse an RFC 3339 date-time ("2025-12-11T12:00:00Z", optional fraction,
 * "Z" or "+HH:MM"); on success store seconds since the epoch in *out and
 * return true. Field ranges are checked (no 25:00, no February 30), and
 * PostgreSQL's limits too: offsets within +-15:59, at most 9 fraction
 * digits, so that a time passed here is never refused by the database.
 */
bool	timefmt_parse_rfc3339(const char *s, time_t *out);
/* True if s is a valid calendar date "YYYY-MM-DD". */
bool	timefmt_is_date(const char *s);

#endif
