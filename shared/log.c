/* log.c: one JSON object per line on stderr, strings escaped. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "timefmt.h"

static const char	*fn_name = "media";
static int		 quiet_info = -1;

void
log_init(const char *function)
{
	fn_name = function;
}

/* Append s to buf as a JSON string (or null), truncating to fit. */
static size_t
put_json_string(char *buf, size_t len, size_t off, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char	*p;

	if (s == NULL)
		return off + (size_t)snprintf(buf + off, off < len ? len - off : 0, "null");
	if (off < len)
		buf[off] = '"';
	off++;
	for (p = (const unsigned char *)s; *p != '\0' && off + 8 < len; p++) {
		if (*p == '"' || *p == '\\') {
			buf[off++] = '\\';
			buf[off++] = (char)*p;
		} else if (*p < 0x20) {
			memcpy(buf + off, "\\u00", 4);
			buf[off + 4] = hex[*p >> 4];
			buf[off + 5] = hex[*p & 15];
			off += 6;
		} else
			buf[off++] = (char)*p;
	}
	if (off < len)
		buf[off] = '"';
	return off + 1;
}

static void
log_line(const char *level, const char *fmt, va_list ap)
{
	char	 msg[2048], line[4096], ts[32];
	size_t	 off;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	timefmt_rfc3339(time(NULL), ts, sizeof(ts));
	off = (size_t)snprintf(line, sizeof(line),
	    "{\"ts\":\"%s\",\"level\":\"%s\",\"function\":", ts, level);
	off = put_json_string(line, sizeof(line) - 4, off, fn_name);
	off += (size_t)snprintf(line + off, sizeof(line) - off, ",\"msg\":");
	off = put_json_string(line, sizeof(line) - 4, off, msg);
	if (off > sizeof(line) - 3)
		off = sizeof(line) - 3;
	line[off++] = '}';
	line[off++] = '\n';
	fwrite(line, 1, off, stderr);
}

void
log_error(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("warn", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	if (quiet_info < 0) {
		const char *lvl = getenv("MEDIA_LOG_LEVEL");

		quiet_info = lvl != NULL &&
		    (strcmp(lvl, "warn") == 0 || strcmp(lvl, "error") == 0);
	}
	if (quiet_info)
		return;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void
log_request(const char *method, const char *path, int status,
    double duration_ms, const char *user_id, const char *request_id)
{
	char	 line[4096], ts[32];
	size_t	 off, cap = sizeof(line) - 64;

	timefmt_rfc3339(time(NULL), ts, sizeof(ts));
	off = (size_t)snprintf(line, cap, "{\"ts\":\"%s\",\"level\":\"%s\",\"function\":",
	    ts, status >= 500 ? "error" : "info");
	off = put_json_string(line, cap, off, fn_name);
	off += (size_t)snprintf(line + off, cap - off, ",\"method\":");
	off = put_json_string(line, cap, off, method);
	off += (size_t)snprintf(line + off, cap - off, ",\"path\":");
	off = put_json_string(line, cap, off, path);
	off += (size_t)snprintf(line + off, cap - off,
	    ",\"status\":%d,\"duration_ms\":%.3f,\"user_id\":", status, duration_ms);
	off = put_json_string(line, cap, off, user_id);
	off += (size_t)snprintf(line + off, cap - off, ",\"request_id\":");
	off = put_json_string(line, cap, off, request_id);
	if (off > cap)
		off = cap;
	line[off++] = '}';
	line[off++] = '\n';
	fwrite(line, 1, off, stderr);
}
