/* test_log.c: every log line is one JSON object, whatever it carries. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "log.h"
#include "tap.h"

static char	 got[16384];
static size_t	 n_got;

/* Run fn with stderr sent to a temporary file; read what it wrote. */
static void
capture(void (*fn)(const char *), const char *arg)
{
	FILE	*tmp = tmpfile();
	int	 saved = dup(2);

	fflush(stderr);
	dup2(fileno(tmp), 2);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n_got = fread(got, 1, sizeof(got) - 1, tmp);
	got[n_got] = '\0';
	fclose(tmp);
}

/* One line ending in a newline, no NUL byte, parsing as a JSON object. */
static cJSON *
one_json_line(void)
{
	cJSON	*j;

	if (n_got < 2 || memchr(got, '\0', n_got) != NULL ||
	    got[n_got - 1] != '\n' || memchr(got, '\n', n_got) != got + n_got - 1)
		return NULL;
	j = cJSON_ParseWithLength(got, n_got - 1);
	if (j != NULL && !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		j = NULL;
	}
	return j;
}

static void
req_with_path(const char *path)
{
	log_request("GET", path, 404, 1.5, "u1", "rid-1");
}

static void
req_with_all(const char *s)
{
	log_request(s, s, 400, 1.5, s, s);
}

static void
msg_with(const char *s)
{
	log_error("boom: %s", s);
}

static char *
repeat(const char *unit, size_t n)
{
	size_t	 u = strlen(unit), i;
	char	*s = malloc(u * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	return s;
}

/* The line fn logs for an argument of n times unit, parsed: NULL if it
 * is not one JSON object. The caller deletes it. */
static cJSON *
logged(void (*fn)(const char *), const char *unit, size_t n)
{
	char	*s = repeat(unit, n);
	cJSON	*j;

	capture(fn, s);
	j = one_json_line();
	free(s);
	return j;
}

/* fn's line, for an argument of n times unit, is one JSON object. */
static bool
one_object(void (*fn)(const char *), const char *unit, size_t n)
{
	cJSON	*j = logged(fn, unit, n);
	bool	 one = j != NULL;

	cJSON_Delete(j);
	return one;
}

/* A short request line. */
static void
test_short(void)
{
	cJSON		*j;
	const char	*p;

	capture(req_with_path, "/api/v1/media/playlists/pl_1");
	j = one_json_line();
	ok(j != NULL, "a short request line is one JSON object");
	p = cJSON_GetStringValue(cJSON_GetObjectItem(j, "path"));
	is_str(p, "/api/v1/media/playlists/pl_1", "with the path");
	ok(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "status")) == 404, "and the status");
	cJSON_Delete(j);
}

/* Finding 6 of issue 10: a ~4 KB path overran the line. */
static void
test_long_path(void)
{
	cJSON		*j;
	const char	*p;

	j = logged(req_with_path, "a", 4000);
	ok(j != NULL, "a request line with a 4000-byte path is one JSON object");
	p = cJSON_GetStringValue(cJSON_GetObjectItem(j, "path"));
	ok(p != NULL && strncmp(p, "aaaa", 4) == 0, "with the path's start");
	is_str(cJSON_GetStringValue(cJSON_GetObjectItem(j, "request_id")), "rid-1",
	    "and the fields after the path");
	ok(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "status")) == 404, "and the status");
	cJSON_Delete(j);

	ok(one_object(req_with_path, "a", 4090), "a 4090-byte path too");
}

/* Each quote takes two bytes in the line: the worst case of escaping. */
static void
test_escaping(void)
{
	ok(one_object(req_with_all, "\"", 3000), "every field 3000 quotes long: one JSON object");
	ok(one_object(req_with_all, "\x01", 3000),
	    "every field 3000 control bytes long: one JSON object");
}

/* A cut never splits a UTF-8 character: the line stays valid UTF-8. */
static void
test_utf8(void)
{
	cJSON		*j;
	const char	*p;

	j = logged(req_with_path, "\xc3\xa9", 3000);
	p = cJSON_GetStringValue(cJSON_GetObjectItem(j, "path"));
	ok(p != NULL && strncmp(p, "\xc3\xa9", 2) == 0 &&
	    strspn(p, "\xc3\xa9") % 2 == 0 && strspn(p, "\xc3\xa9") > 0,
	    "a long path of two-byte characters is cut at a character boundary");
	cJSON_Delete(j);

	capture(req_with_path, "/x/\xff\xfe/y");
	j = one_json_line();
	p = cJSON_GetStringValue(cJSON_GetObjectItem(j, "path"));
	is_str(p, "/x/\xef\xbf\xbd\xef\xbf\xbd/y", "bytes that are not UTF-8 are logged as U+FFFD");
	cJSON_Delete(j);

	capture(req_with_path, NULL);
	j = one_json_line();
	ok(j != NULL && cJSON_IsNull(cJSON_GetObjectItem(j, "path")), "a NULL path is null");
	cJSON_Delete(j);

	j = logged(msg_with, "\"", 2040);
	p = cJSON_GetStringValue(cJSON_GetObjectItem(j, "msg"));
	ok(p != NULL && strncmp(p, "boom: \"\"", 8) == 0, "a message of 2040 quotes is one JSON object");
	cJSON_Delete(j);
}

int
main(void)
{
	/* Unbuffered: a crash in the code under test keeps the lines before it. */
	setvbuf(stdout, NULL, _IONBF, 0);
	log_init("test");

	test_short();
	test_long_path();
	test_escaping();
	test_utf8();

	return done_testing();
}
