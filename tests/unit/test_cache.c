/* test_cache.c: ETag matching (etag.c) and cache file removal (cachefile.c). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cachefile.h"
#include "arena.h"
#include "etag.h"
#include "tap.h"

#define ID	"cache_0123456789abcdef01234567"

static void
touch(const char *path)
{
	FILE	*f = fopen(path, "w");

	if (f != NULL)
		fclose(f);
}

static int
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* etag_matches */
static void
test_etag(void)
{
	const char	*tag = "\"abc\"";

	ok(!etag_matches(NULL, tag), "no If-None-Match never matches");
	ok(!etag_matches("", tag), "an empty header does not match");
	ok(etag_matches("\"abc\"", tag), "the same tag matches");
	ok(!etag_matches("\"abd\"", tag), "another tag does not");
	ok(!etag_matches("\"ab\"", tag), "a prefix of the tag does not");
	ok(!etag_matches("\"abcd\"", tag), "a longer tag does not");
	ok(!etag_matches("abc", tag), "an unquoted value does not");
	ok(etag_matches("*", tag), "* matches any tag");
	ok(etag_matches("W/\"abc\"", tag), "a weak tag matches (weak comparison)");
	ok(etag_matches("\"x\", \"abc\"", tag), "a tag later in a list matches");
	ok(etag_matches("\"x\",\"abc\"", tag), "a list without spaces matches");
	ok(!etag_matches("\"x\", \"y\"", tag), "a list without it does not");
	ok(!etag_matches("\"abc", tag), "an unterminated tag does not");
	ok(!etag_matches("junk, \"abc", tag), "junk then an unterminated tag does not");
	ok(etag_matches("junk, \"abc\"", tag), "junk before a good tag is skipped");
}

/* etag_single */
static void
test_etag_single(void)
{
	struct arena	*ea = arena_new();

	is_str(etag_single(ea, "\"abc\""), "abc", "etag_single: one tag, its opaque part");
	is_str(etag_single(ea, " W/\"abc\" "), "abc", "etag_single: a weak one, spaces around");
	ok(etag_single(ea, "\"a\", \"b\"") == NULL, "etag_single: a list is not one tag");
	ok(etag_single(ea, "*") == NULL, "etag_single: * is not one tag");
	ok(etag_single(ea, "\"abc") == NULL, "etag_single: an unterminated tag is none");
	ok(etag_single(ea, NULL) == NULL, "etag_single: no header, none");
	arena_free(ea);
}

/* cachefile_is_id */
static void
test_is_id(void)
{
	ok(cachefile_is_id(ID), "a server-made cache id is an id");
	ok(!cachefile_is_id("cache_0123456789ABCDEF01234567"), "upper-case hex is not");
	ok(!cachefile_is_id("cache_0123456789abcdef0123456"), "23 hex chars are not");
	ok(!cachefile_is_id("cache_0123456789abcdef012345678"), "25 hex chars are not");
	ok(!cachefile_is_id("pl_0123456789abcdef01234567"), "another prefix is not");
	ok(!cachefile_is_id(NULL), "NULL is not");
}

/* cachefile_remove */
static int
test_remove(void)
{
	char	 dir[] = "/tmp/test_cache.XXXXXX", p[512];
	int	 n;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(p, sizeof(p), "%s/u1", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/u1/f1", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/u1/f1/%s.jpg", dir, ID);
	touch(p);
	snprintf(p, sizeof(p), "%s/u1/f1/%s", dir, "cache_0123456789abcdef01234568.jpg");
	touch(p);
	snprintf(p, sizeof(p), "%s/u1/f1/.%s.tmp", dir, ID);
	touch(p);
	/* ok() evaluates its condition twice: run the removals first. */
	n = cachefile_remove(dir, "u1", "f1", ID);
	ok(n == 1, "the entry's file is removed");
	snprintf(p, sizeof(p), "%s/u1/f1/%s.jpg", dir, ID);
	ok(!exists(p), "and is gone");
	snprintf(p, sizeof(p), "%s/u1/f1/%s", dir, "cache_0123456789abcdef01234568.jpg");
	ok(exists(p), "another entry's file stays");
	snprintf(p, sizeof(p), "%s/u1/f1/.%s.tmp", dir, ID);
	ok(exists(p), "a name that only contains the id stays");
	n = cachefile_remove(dir, "u1", "f1", ID);
	ok(n == 0, "removing it again removes nothing");
	ok(cachefile_remove(dir, "u1", "nope", ID) == 0, "a frame without a folder is fine");
	ok(cachefile_remove(dir, "..", "f1", ID) == -1, "a user id of .. is refused");
	ok(cachefile_remove(dir, "u1", "../u1", ID) == -1, "a frame id with a slash is refused");
	ok(cachefile_remove(dir, "u1", "f1", "../../etc") == -1, "a cache id that is not one is refused");

	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	if (system(p) != 0)
		printf("# could not remove %s\n", dir);
	return 0;
}

int
main(void)
{
	test_etag();
	test_etag_single();
	test_is_id();
	if (test_remove() != 0)
		return 1;

	return done_testing();
}
