/* test_core.c: arena, server ids, RFC 3339 and the status table. */
#include <stdlib.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "ids.h"
#include "status.h"
#include "timefmt.h"
#include "tap.h"

/* arena */
static void
test_arena(struct arena *a)
{
	char	*p, *big;
	size_t	 i;

	p = arena_alloc(a, 10);
	ok(p != NULL && ((uintptr_t)p % 16) == 0, "allocations are 16-byte aligned");
	big = arena_alloc(a, 1 << 20);
	ok(big != NULL, "an allocation larger than a block succeeds");
	big[(1 << 20) - 1] = 'x';
	for (i = 0; i < 1000; i++)
		arena_alloc(a, 1000);
	arena_reset(a);
	ok(arena_alloc(a, 100) != NULL, "the arena serves again after a reset");
	is_str(arena_printf(a, "%s-%d", "x", 42), "x-42", "arena_printf formats");
	is_str(arena_strndup(a, "abcdef", 3), "abc", "arena_strndup cuts");
	ok(arena_strdup(a, NULL) == NULL, "arena_strdup(NULL) is NULL");
}

/* ids */
static void
test_ids(struct arena *a)
{
	const char	*id1, *id2;

	id1 = ids_new(a, "pl_");
	id2 = ids_new(a, "pl_");
	ok(id1 != NULL && strlen(id1) == 27, "a pl_ id is prefix + 24 chars");
	ok(strspn(id1 + 3, "0123456789abcdef") == 24, "of lowercase hex");
	ok(strcmp(id1, id2) != 0, "two ids differ");
}

/* RFC 3339 */
static void
test_rfc3339(void)
{
	char	 buf[32];
	time_t	 t;

	timefmt_rfc3339(0, buf, sizeof(buf));
	is_str(buf, "1970-01-01T00:00:00Z", "the epoch formats");
	ok(timefmt_parse_rfc3339("2025-12-11T12:00:00Z", &t) && t == 1765454400, "a Z time parses");
	ok(timefmt_parse_rfc3339("2025-12-11T14:00:00+02:00", &t) && t == 1765454400, "an offset is applied");
	ok(timefmt_parse_rfc3339("2025-12-11T07:00:00-05:00", &t) && t == 1765454400, "a negative offset is applied");
	timefmt_rfc3339(1765454400, buf, sizeof(buf));
	is_str(buf, "2025-12-11T12:00:00Z", "and formats back");
	/* tests/fuzz/corpus/fuzz_valid/rfc3339-year-225: strftime's %Y has
	 * no leading zeros, RFC 3339 four digits. */
	ok(timefmt_parse_rfc3339("0225-12-11T12:00:00+15:59", &t), "year 225 parses");
	timefmt_rfc3339(t, buf, sizeof(buf));
	is_str(buf, "0225-12-10T20:01:00Z", "and formats with four year digits");
	ok(timefmt_parse_rfc3339("0001-01-01T00:00:00+01:00", &t), "year 1 parses");
	timefmt_rfc3339(t, buf, sizeof(buf));
	is_str(buf, "", "its year 0 in UTC formats as nothing");
	ok(!timefmt_parse_rfc3339("2025-13-01T00:00:00Z", &t), "month 13 fails");
	ok(!timefmt_parse_rfc3339("2025-12-11T12:00:00+24:00", &t), "offset hour 24 fails");
	ok(!timefmt_parse_rfc3339("2025-12-11T12:00:00Zjunk", &t), "trailing junk fails");
	/* PostgreSQL's limits, so that a valid time never fails there (issue 10, 11). */
	ok(timefmt_parse_rfc3339("2025-12-11T12:00:00+15:59", &t) && t == 1765454400 - 15 * 3600 - 59 * 60,
	    "offset +15:59 parses");
	ok(timefmt_parse_rfc3339("2025-12-11T12:00:00-15:59", &t), "offset -15:59 parses");
	ok(!timefmt_parse_rfc3339("2025-12-11T12:00:00+16:00", &t), "offset +16:00 fails");
	ok(!timefmt_parse_rfc3339("2025-12-11T12:00:00-23:59", &t), "offset -23:59 fails");
	ok(timefmt_parse_rfc3339("2025-12-11T12:00:00.123456789Z", &t) && t == 1765454400,
	    "a fraction of 9 digits parses");
	ok(!timefmt_parse_rfc3339("2025-12-11T12:00:00.1234567890Z", &t), "a fraction of 10 digits fails");
	ok(timefmt_is_date("2000-02-29") && !timefmt_is_date("1900-02-29"), "century leap rules hold");
}

/* status table */
static void
test_status(void)
{
	ok(st_http(ST_INVALID) == 400 && strcmp(st_code(ST_INVALID), "validation_error") == 0,
	    "ST_INVALID is 400 validation_error");
	ok(st_http(ST_NOT_FOUND) == 404, "ST_NOT_FOUND is 404");
	ok(st_http(ST_TOO_LARGE) == 413 && strcmp(st_code(ST_TOO_LARGE), "payload_too_large") == 0,
	    "ST_TOO_LARGE is 413 payload_too_large");
	ok(st_http(ST_UNAVAILABLE) == 503, "ST_UNAVAILABLE is 503");
	ok(st_http(99) == 500 && strcmp(st_code(99), "internal") == 0, "an unknown status is 500 internal");
}

int
main(void)
{
	struct arena	*a = arena_new();

	test_arena(a);
	test_ids(a);
	test_rfc3339();
	test_status();

	arena_free(a);
	return done_testing();
}
