/* log.c: one JSON object per line on stderr, strings escaped. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "timefmt.h"
#include "utf8.h"

static const char	*fn_name = "media";
static int		 quiet_info = -1;

void
log_init(const char *function)
{
	fn_name = function;
}

/*
 * A log line under construction. Every append is bounded by what is left;
 * string values are also cut to a per-field budget, so that a long value
 * (a 4 KB path) can never crowd out the fields after it or the closing
 * brace: each put_str() leaves LINE_TAIL bytes, enough for every fixed
 * part that follows it in log_line() and log_request().
 */
#define LINE_MAX	4096
#define LINE_TAIL	256
#define FIELD_MAX	256		/* bytes of a short field: method, ids */
#define PATH_MAX_BYTES	2048
#define MSG_MAX_BYTES	3072

struct line {
	char	 buf[LINE_MAX];
	size_t	 len;
};

/* Append formatted text (a fixed part, short by construction); cut, never
 * past the end, if it did not fit. */
static void __attribute__((format(printf, 2, 3)))
put_raw(struct line *l, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 room = sizeof(l->buf) - l->len;
	int	 n;

	if (room <= 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < room ? (size_t)n : room - 1;
}

/*
 * Append s as a JSON string (null for NULL) of at most max bytes with its
 * quotes, leaving LINE_TAIL bytes. A cut string ends in "..." and never
 * inside an escape or a UTF-8 character; bytes that are not UTF-8 become
 * U+FFFD, so the line stays valid JSON (RFC 8259 §8.1: UTF-8).
 */
static void
put_str(struct line *l, const char *s, size_t max)
{
	static const char	 hex[] = "0123456789abcdef";
	char			 esc[8];
	const char		*piece;
	size_t			 room, limit, end, n;

	if (s == NULL) {
		put_raw(l, "null");
		return;
	}
	room = sizeof(l->buf) - l->len;
	if (room < LINE_TAIL + 8)
		return put_raw(l, "null");
	if (max > room - LINE_TAIL)
		max = room - LINE_TAIL;
	/* The quotes and a possible "..." stay outside the text's limit. */
	limit = l->len + max - 5;
	end = l->len;
	l->buf[end++] = '"';
	while (*s != '\0') {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\', esc[1] = (char)c;
			piece = esc, n = 2;
		} else if (c < 0x20 || c == 0x7f) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
			piece = esc, n = 6;
		} else if ((n = utf8_seq(s)) != 0)
			piece = s;
		else
			piece = "\xef\xbf\xbd", n = 3;	/* U+FFFD */
		if (end + n > limit)
			break;
		memcpy(l->buf + end, piece, n);
		end += n;
		s += piece == s ? n : 1;
	}
	if (*s != '\0') {
		memcpy(l->buf + end, "...", 3);
		end += 3;
	}
	l->buf[end++] = '"';
	l->len = end;
}

/* Close the object and write the line; LINE_TAIL kept room for "}\n". */
static void
put_end(struct line *l)
{
	if (l->len > sizeof(l->buf) - 2)
		l->len = sizeof(l->buf) - 2;
	l->buf[l->len++] = '}';
	l->buf[l->len++] = '\n';
	fwrite(l->buf, 1, l->len, stderr);
}

static void
log_line(const char *level, const char *fmt, va_list ap)
{
	struct line	 l;
	char		 msg[2048], ts[32];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	timefmt_rfc3339(time(NULL), ts, sizeof(ts));
	l.len = 0;
	put_raw(&l, "{\"ts\":\"%s\",\"level\":\"%s\",\"function\":", ts, level);
	put_str(&l, fn_name, FIELD_MAX);
	put_raw(&l, ",\"msg\":");
	put_str(&l, msg, MSG_MAX_BYTES);
	put_end(&l);
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
	struct line	 l;
	char		 ts[32];

	/* %.3f of a wild double could be 300 digits; a request is shorter. */
	if (!(duration_ms >= 0 && duration_ms < 1e9))
		duration_ms = 0;
	timefmt_rfc3339(time(NULL), ts, sizeof(ts));
	l.len = 0;
	put_raw(&l, "{\"ts\":\"%s\",\"level\":\"%s\",\"function\":",
	    ts, status >= 500 ? "error" : "info");
	put_str(&l, fn_name, FIELD_MAX);
	put_raw(&l, ",\"method\":");
	put_str(&l, method, FIELD_MAX);
	put_raw(&l, ",\"path\":");
	put_str(&l, path, PATH_MAX_BYTES);
	put_raw(&l, ",\"status\":%d,\"duration_ms\":%.3f,\"user_id\":",
	    status, duration_ms);
	put_str(&l, user_id, FIELD_MAX);
	put_raw(&l, ",\"request_id\":");
	put_str(&l, request_id, FIELD_MAX);
	put_end(&l);
}
