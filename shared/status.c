/* status.c: the table from status to HTTP code and JSON error code. */
#include "status.h"

static const struct {
	int		 http;
	const char	*code;
} table[ST__MAX] = {
	[ST_OK] = { 200, "ok" },
	[ST_BAD_REQUEST] = { 400, "bad_request" },
	[ST_INVALID] = { 400, "validation_error" },
	[ST_NOT_FOUND] = { 404, "not_found" },
	[ST_METHOD] = { 405, "method_not_allowed" },
	[ST_CONFLICT] = { 409, "conflict" },
	[ST_TOO_LARGE] = { 413, "payload_too_large" },
	[ST_UNSUPPORTED] = { 415, "unsupported_media_type" },
	[ST_UNAVAILABLE] = { 503, "unavailable" },
	[ST_INTERNAL] = { 500, "internal" },
	[ST_RETRY] = { 503, "unavailable" },
};

int
st_http(int st)
{
	if (st < 0 || st >= ST__MAX)
		return 500;
	return table[st].http;
}

const char *
st_code(int st)
{
	if (st < 0 || st >= ST__MAX)
		return "internal";
	return table[st].code;
}

const char *
st_reason(int http)
{
	switch (http) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 503: return "Service Unavailable";
	default: return http < 400 ? "OK" : "Internal Server Error";
	}
}
