/* req.h: one request as a handler sees it, and the helpers that read it. */
#ifndef SHARED_REQ_H
#define SHARED_REQ_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <fcgiapp.h>

#include "status.h"

#define REQ_BODY_MAX	(1024 * 1024)	/* contract §2: over 1 MiB is 413 */
#define REQ_SEG_MAX	16		/* path segments we look at */
#define REQ_QUERY_MAX	32		/* query parameters we keep */

enum method {
	M_GET = 1,
	M_POST,
	M_PUT,
	M_DELETE,
	M_HEAD,
	M_OTHER
};

struct qparam {
	const char	*name;		/* percent-decoded; arena string */
	const char	*value;		/* percent-decoded; arena string */
};

/* A named path parameter: its name points into the route's pattern. */
struct pparam {
	const char	*name;		/* not NUL-terminated: name_len bytes */
	size_t		 name_len;
	const char	*value;		/* the decoded segment; arena string */
};

struct arena;

struct req {
	FCGX_Request	*fcgi;
	struct arena	*arena;		/* reset after each request */
	enum method	 method;
	const char	*method_name;
	const char	*path;		/* raw path, no query string */
	const char	*seg[REQ_SEG_MAX];	/* decoded segments after /api/v1/media */
	size_t		 n_seg;
	struct pparam	 param[REQ_SEG_MAX];	/* the route's {name}s, checked */
	size_t		 n_param;
	struct qparam	 query[REQ_QUERY_MAX];
	size_t		 n_query;
	cJSON		*body;		/* parsed JSON body or NULL; freed by the loop */
	const char	*user_id;	/* validated; NULL only for internal calls */
	const char	*org_id;	/* validated organization_id or NULL */
	bool		 internal;	/* X-Internal-Call: true, set by nginx */
	const char	*request_id;
	/* The outcome, written by req_fail() or resp_*(). */
	int		 fail_st;
	const char	*fail_field;
	const char	*fail_detail;
	int		 http_status;	/* non-zero once a response was sent */
	char		*resp_headers;	/* extra header lines; arena string */
};

/*
 * Record why the request fails and return st, for `return req_fail(...)`.
 * field may be NULL (no "field" in the body); detail is printf-style and
 * copied into the arena. The loop sends the error body once.
 */
int		 req_fail(struct req *, int st, const char *field, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
/* The path parameter the route names name ("playlist_id"), checked by
 * its rule before the handler ran; NULL if the route names none such.
 * Arena string; do not free. */
const char	*req_param(const struct req *, const char *name);
/* The decoded value of query parameter name (first occurrence) or NULL. */
const char	*req_query(const struct req *, const char *name);
/* A FastCGI parameter such as "HTTP_IF_NONE_MATCH", or NULL. */
const char	*req_env(const struct req *, const char *name);

/*
 * Split the query string qs into r->query (percent-decoding, '+' as space).
 * ST_BAD_REQUEST (recorded) for a %00 or more than REQ_QUERY_MAX parameters.
 */
int		 req_parse_query(struct req *, const char *qs);
/*
 * Split path into decoded segments after the prefix; ST_NOT_FOUND if the
 * path does not start with prefix, ST_BAD_REQUEST for a bad escape.
 */
int		 req_parse_path(struct req *, const char *path, const char *prefix);
/*
 * Read the body (CONTENT_LENGTH bytes, at most REQ_BODY_MAX) and parse it as
 * a JSON object into r->body. required: an absent body is a 400. Checks the
 * Content-Type (415) and, at any depth, the rules of jsonbody_check() (a
 * key twice in one object is a 400). Returns a status, recorded on failure.
 */
int		 req_read_json(struct req *, bool required);
/* Percent-decode s (plus_is_space for query strings); NULL if it holds %00
 * or on out of memory. Arena string. */
char		*req_decode(struct arena *, const char *s, size_t n, bool plus_is_space);

#endif
