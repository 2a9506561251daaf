/* req.c: request parsing: path segments, query string, JSON body. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <fcgiapp.h>

#include "arena.h"
#include "jsonbody.h"
#include "req.h"
#include "utf8.h"

int
req_fail(struct req *r, int st, const char *field, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[1024];

	/* The first recorded reason wins: it is the root cause. */
	if (r->fail_st != ST_OK)
		return st;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->fail_st = st;
	r->fail_field = field;
	r->fail_detail = arena_strdup(r->arena, buf);
	return st;
}

const char *
req_param(const struct req *r, const char *name)
{
	size_t	 i, len = strlen(name);

	for (i = 0; i < r->n_param; i++)
		if (r->param[i].name_len == len && strncmp(r->param[i].name, name, len) == 0)
			return r->param[i].value;
	return NULL;
}

const char *
req_query(const struct req *r, const char *name)
{
	size_t	 i;

	for (i = 0; i < r->n_query; i++)
		if (strcmp(r->query[i].name, name) == 0)
			return r->query[i].value;
	return NULL;
}

const char *
req_env(const struct req *r, const char *name)
{
	return r->fcgi != NULL ? FCGX_GetParam(name, r->fcgi->envp) : NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *
req_decode(struct arena *a, const char *s, size_t n, bool plus_is_space)
{
	char	*out, *o;
	size_t	 i;
	int	 hi, lo;

	if ((out = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	for (i = 0, o = out; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			if (hi == 0 && lo == 0)
				return NULL;	/* %00 would cut the string */
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space)
			*o++ = ' ';
		else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

int
req_parse_query(struct req *r, const char *qs)
{
	const char	*p, *amp, *eq;
	struct qparam	*q;

	r->n_query = 0;
	for (p = qs; p != NULL && *p != '\0'; p = amp ? amp + 1 : NULL) {
		amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len == 0)
			continue;
		if (r->n_query == REQ_QUERY_MAX)
			return req_fail(r, ST_BAD_REQUEST, NULL, "too many query parameters");
		eq = memchr(p, '=', len);
		q = &r->query[r->n_query];
		q->name = req_decode(r->arena, p, eq ? (size_t)(eq - p) : len, true);
		q->value = eq ? req_decode(r->arena, eq + 1, len - (size_t)(eq - p) - 1, true)
		    : arena_strdup(r->arena, "");
		if (q->name == NULL || q->value == NULL)
			return req_fail(r, ST_BAD_REQUEST, NULL,
			    "query string holds an invalid escape (%%00)");
		r->n_query++;
	}
	return ST_OK;
}

int
req_parse_path(struct req *r, const char *path, const char *prefix)
{
	size_t		 plen = strlen(prefix);
	const char	*p, *slash;

	r->n_seg = 0;
	if (strncmp(path, prefix, plen) != 0 || (path[plen] != '/' && path[plen] != '\0'))
		return ST_NOT_FOUND;
	for (p = path + plen; *p == '/'; ) {
		p++;
		slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 0 && slash == NULL)
			break;		/* a trailing slash names the same resource */
		if (r->n_seg == REQ_SEG_MAX)
			return ST_NOT_FOUND;
		if ((r->seg[r->n_seg] = req_decode(r->arena, p, len, false)) == NULL)
			return req_fail(r, ST_BAD_REQUEST, NULL, "path holds an invalid escape");
		r->n_seg++;
		p += len;
	}
	return ST_OK;
}

/* application/json, optionally with parameters; any case (RFC 9110 §8.3). */
static bool
is_json_type(const char *ct)
{
	static const char json[] = "application/json";

	if (ct == NULL || strncasecmp(ct, json, sizeof(json) - 1) != 0)
		return false;
	ct += sizeof(json) - 1;
	return *ct == '\0' || *ct == ';' || *ct == ' ';
}

int
req_read_json(struct req *r, bool required)
{
	const char	*cl = req_env(r, "CONTENT_LENGTH");
	char		*end, *buf;
	long long	 len = 0;
	int		 got;

	if (cl != NULL && *cl != '\0') {
		errno = 0;
		len = strtoll(cl, &end, 10);
		if (errno != 0 || *end != '\0' || len < 0)
			return req_fail(r, ST_BAD_REQUEST, NULL, "bad Content-Length");
	}
	if (len > REQ_BODY_MAX)
		return req_fail(r, ST_TOO_LARGE, NULL, "request body exceeds the 1 MiB limit");
	if (len == 0) {
		if (required)
			return req_fail(r, ST_BAD_REQUEST, NULL,
			    "request body must be a JSON object");
		return ST_OK;
	}
	if (!is_json_type(req_env(r, "CONTENT_TYPE")))
		return req_fail(r, ST_UNSUPPORTED, NULL,
		    "Content-Type must be application/json");
	if ((buf = arena_alloc(r->arena, (size_t)len + 1)) == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	got = FCGX_GetStr(buf, (int)len, r->fcgi->in);
	if (got != len)
		return req_fail(r, ST_BAD_REQUEST, NULL, "request body is shorter than Content-Length");
	buf[len] = '\0';
	/* cJSON would cut a string at \u0000 without a word; refuse it instead. */
	if (memchr(buf, '\0', (size_t)len) != NULL || strstr(buf, "\\u0000") != NULL)
		return req_fail(r, ST_BAD_REQUEST, NULL, "request body holds a NUL character");
	/* RFC 8259 §8.1. cJSON takes any bytes: a bad key would be echoed
	 * into an error body (then no JSON text either) and bad bytes in a
	 * free-form object refused by PostgreSQL, without a field. */
	if (!utf8_valid(buf, (size_t)len))
		return req_fail(r, ST_BAD_REQUEST, NULL, "request body is not UTF-8 (RFC 8259 §8.1)");
	/* len + 1: cJSON counts the NUL when asked to require it. */
	r->body = cJSON_ParseWithLengthOpts(buf, (size_t)len + 1, NULL, 1);
	if (r->body == NULL)
		return req_fail(r, ST_BAD_REQUEST, NULL, "request body is not valid JSON");
	if (!cJSON_IsObject(r->body))
		return req_fail(r, ST_BAD_REQUEST, NULL, "request body must be a JSON object");
	return jsonbody_check(r, r->body);
}
