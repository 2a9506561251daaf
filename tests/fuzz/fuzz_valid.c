/*
 * fuzz_valid.c: the time and id validators (valid.c, timefmt.c, tz.c,
 * ids.c, utf8.c). Byte 0 picks one, the rest is its string (a NUL in it
 * ends it, as in every C string the loop hands over). Where the contract
 * comment promises more than "no crash", that is checked too and a
 * broken promise aborts: an id that passes is 1-50 allowed characters,
 * a parsed time formats (if its UTC year has a form) and parses back to itself, a cut of utf8_prefix
 * falls between characters, HH:MM gives 0-1439 minutes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "fuzz.h"
#include "ids.h"
#include "req.h"
#include "timefmt.h"
#include "tz.h"
#include "utf8.h"
#include "valid.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_offline();	/* tz_check asks PostgreSQL, which is not there */
	return 0;
}

static void
id(const char *s)
{
	size_t	 n = strlen(s);

	if (valid_is_id(s))
		fuzz_check(n >= 1 && n <= 50 && s[0] != '.' &&
		    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789_.:-") == n);
}

static void
rfc3339(const char *s)
{
	time_t	 t, back;
	char	 buf[64];

	if (!timefmt_parse_rfc3339(s, &t))
		return;
	timefmt_rfc3339(t, buf, sizeof(buf));
	fuzz_check(buf[0] == '\0' || (timefmt_parse_rfc3339(buf, &back) && back == t));
}

static void
utf8(const char *s, size_t max)
{
	size_t	 n = utf8_prefix(s, max), i, k;

	fuzz_check(n <= max && n <= strlen(s));
	for (i = 0; i < n; i += k)
		if ((k = utf8_seq(s + i)) == 0)
			k = 1;
	fuzz_check(i == n);
	/* The longest such prefix: the next character would not fit. */
	if (s[n] != '\0')
		fuzz_check(n + ((k = utf8_seq(s + n)) ? k : 1) > max);
}

static void
subject(const char *s)
{
	const char	*nl = strchr(s, '\n');
	char		*pattern;

	valid_subject_pattern(s);
	if (nl == NULL || (pattern = strndup(s, (size_t)(nl - s))) == NULL)
		return;
	if (valid_subject_in(pattern, nl + 1))
		fuzz_check(valid_subject_pattern(pattern));
	free(pattern);
}

/* The validators that record a failure in a request. */
static void
with_req(int which, const char *s)
{
	static struct arena	*a;
	struct req		 r;
	const char		*today;
	size_t			 n;
	int			 min = -1;

	if (a == NULL && (a = arena_new()) == NULL)
		return;
	memset(&r, 0, sizeof(r));
	r.arena = a;
	switch (which) {
	case 0:
		valid_id(&r, "photo_id", s);
		break;
	case 1:
		if (valid_hhmm(&r, "start_time", s, &min) == ST_OK)
			fuzz_check(min >= 0 && min < 24 * 60);
		break;
	case 2:
		valid_time(&r, "taken_after", s, false);
		valid_time(&r, "taken_after", s, true);
		break;
	case 3:
		tz_check(&r, "timezone", s, &today);
		break;
	case 4:
		if (valid_is_text(s, &n))
			fuzz_check(n <= strlen(s));
		break;
	default:
		if (ids_new(a, s) == NULL && strlen(s) < 16)
			abort();	/* only memory or randomness can fail */
		break;
	}
	arena_reset(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	if (size < 1 || (s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 11) {
	case 0: id(s); break;
	case 1: rfc3339(s); break;
	case 2: timefmt_is_date(s); break;
	case 3: utf8(s, size > 1 ? data[1] % 64 : 0); break;
	case 4: subject(s); break;
	default: with_req(data[0] % 11 - 5, s); break;
	}
	free(s);
	return 0;
}
