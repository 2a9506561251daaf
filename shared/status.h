/* status.h: the one status enum every function returns, and its mapping. */
#ifndef SHARED_STATUS_H
#define SHARED_STATUS_H

/*
 * What a fallible function returns. ST_OK is 0 so `if ((rc = f()) != ST_OK)`
 * reads naturally. st_http() and st_code() are the only places that turn a
 * status into an HTTP code or a JSON "code" (contract §2).
 */
enum st {
	ST_OK = 0,
	ST_BAD_REQUEST,		/* 400 bad_request: malformed request */
	ST_INVALID,		/* 400 validation_error: a field's value is wrong */
	ST_NOT_FOUND,		/* 404 not_found (also: another user's row) */
	ST_METHOD,		/* 405 method_not_allowed */
	ST_CONFLICT,		/* 409 conflict */
	ST_TOO_LARGE,		/* 413 payload_too_large */
	ST_UNSUPPORTED,		/* 415 unsupported_media_type */
	ST_UNAVAILABLE,		/* 503 unavailable: database down, out of memory */
	ST_INTERNAL,		/* 500 internal: a bug; details only in the log */
	ST_RETRY,		/* 503 unavailable: a deadlock or serialization
				 * failure rolled the transaction back whole;
				 * the loop may run the handler again (serve.h) */
	ST__MAX
};

/* HTTP status for st (500 for an unknown value). Cannot fail. */
int		 st_http(int st);
/* JSON "code" for st; a static string. Cannot fail. */
const char	*st_code(int st);
/* HTTP reason phrase for an HTTP status code; a static string. */
const char	*st_reason(int http);

#endif
