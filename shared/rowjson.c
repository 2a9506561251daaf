/* rowjson.c: query rows rendered as JSON in C, from typed (binary) columns.
 *
 * PostgreSQL answers plain SELECTs in binary format and this file makes
 * the JSON: building it in SQL (json_build_object, to_char) doubled the
 * database's CPU per read (issue 11). Binary values need no parsing:
 * integers arrive in network order, a timestamp as microseconds since
 * 2000-01-01 UTC whatever the session's TimeZone. The decoding follows
 * PostgreSQL's own send functions (int4send, timestamptz_send,
 * numeric_send, jsonb_send in src/backend/utils/adt). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "rowjson.h"
#include "timefmt.h"

/* pg_type.oid of the types a row may hold (catalog/pg_type.dat). */
enum {
	OID_BOOL = 16, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25,
	OID_JSON = 114, OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_BPCHAR = 1042,
	OID_VARCHAR = 1043, OID_DATE = 1082, OID_TIMESTAMPTZ = 1184,
	OID_NUMERIC = 1700, OID_JSONB = 3802
};

#define PG_EPOCH	946684800	/* 2000-01-01 in Unix time */

void
jbuf_init(struct jbuf *b, struct arena *a)
{
	memset(b, 0, sizeof(*b));
	b->arena = a;
}

static bool
jbuf_grow(struct jbuf *b, size_t more)
{
	size_t	 cap = b->cap ? b->cap : 1024;
	char	*text;

	if (b->failed)
		return false;
	while (cap - b->len <= more)
		cap *= 2;
	if (cap == b->cap)
		return true;
	/* Arena memory is freed with the request: the old block stays. */
	if ((text = arena_alloc(b->arena, cap)) == NULL) {
		b->failed = true;
		return false;
	}
	if (b->len > 0)
		memcpy(text, b->text, b->len);
	b->text = text;
	b->cap = cap;
	return true;
}

void
jbuf_put(struct jbuf *b, const char *s, size_t n)
{
	if (!jbuf_grow(b, n))
		return;
	memcpy(b->text + b->len, s, n);
	b->len += n;
	b->text[b->len] = '\0';
}

void
jbuf_puts(struct jbuf *b, const char *s)
{
	jbuf_put(b, s, strlen(s));
}

void
jbuf_put_int(struct jbuf *b, long long v)
{
	char	 buf[24];

	snprintf(buf, sizeof(buf), "%lld", v);
	jbuf_puts(b, buf);
}

/* RFC 8259 §7: quote, backslash and controls escaped; the rest (UTF-8,
 * checked by PostgreSQL on the way in) as it is. */
void
jbuf_string(struct jbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t	 i, run = 0;
	char	 esc[6] = { '\\', 'u', '0', '0' };

	jbuf_put(b, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jbuf_put(b, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			jbuf_put(b, esc, 2);
			esc[1] = 'u';
			continue;
		}
		esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
		jbuf_put(b, esc, 6);
	}
	jbuf_put(b, s + run, n - run);
	jbuf_put(b, "\"", 1);
}

static uint64_t
be(const char *p, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++)
		v = v << 8 | (unsigned char)p[i];
	return v;
}

/* The shortest text that reads back as d (as PostgreSQL's float8out
 * since 12 and jsontext.c); JSON has no NaN or infinity: null. */
static void
put_double(struct jbuf *b, double d)
{
	char	 buf[32];

	if (!isfinite(d)) {
		jbuf_puts(b, "null");
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	jbuf_puts(b, buf);
}

/* numeric_send: ndigits, weight, sign, dscale, then base-10000 digits;
 * printed as numeric_out does (get_str_from_var): dscale decimals. */
static bool
put_numeric(struct jbuf *b, const char *p, int len)
{
	int	 ndigits, weight, sign, dscale, d, i;
	char	 buf[8];

	if (len < 8)
		return false;
	ndigits = (int16_t)be(p, 2), weight = (int16_t)be(p + 2, 2);
	sign = (int)be(p + 4, 2), dscale = (int16_t)be(p + 6, 2);
	if (ndigits < 0 || len < 8 + 2 * ndigits || sign == 0xC000 || sign == 0xD000 ||
	    sign == 0xF000) {
		jbuf_puts(b, "null");	/* NaN, +-Infinity: no JSON number */
		return true;
	}
#define DIGIT(k) ((k) >= 0 && (k) < ndigits ? (int)be(p + 8 + 2 * (k), 2) : 0)
	if (sign == 0x4000)
		jbuf_put(b, "-", 1);
	if (weight < 0)
		jbuf_put(b, "0", 1);
	for (d = 0; d <= weight; d++) {
		snprintf(buf, sizeof(buf), d == 0 ? "%d" : "%04d", DIGIT(d));
		jbuf_puts(b, buf);
	}
	if (dscale > 0)
		jbuf_put(b, ".", 1);
	for (i = 0, d = weight + 1; i < dscale; d++, i += 4) {
		snprintf(buf, sizeof(buf), "%04d", DIGIT(d));
		jbuf_put(b, buf, (size_t)(dscale - i < 4 ? dscale - i : 4));
	}
#undef DIGIT
	return true;
}

/* Microseconds since 2000-01-01 UTC, floored to the second as to_char
 * did; +-infinity (INT64_MAX/MIN) has no RFC 3339 form: null. */
static void
put_timestamp(struct jbuf *b, int64_t us)
{
	char	 buf[32];
	int64_t	 s;

	if (us == INT64_MAX || us == INT64_MIN) {
		jbuf_puts(b, "null");
		return;
	}
	s = us / 1000000 - (us % 1000000 < 0);
	timefmt_rfc3339((time_t)(s + PG_EPOCH), buf, sizeof(buf));
	jbuf_string(b, buf, strlen(buf));
}

static void
put_date(struct jbuf *b, int32_t days)
{
	char	 buf[32];
	time_t	 t = (time_t)days * 86400 + PG_EPOCH;

	timefmt_rfc3339(t, buf, sizeof(buf));
	jbuf_string(b, buf, buf[0] ? 10 : 0);
}

long long
rowjson_int(const PGresult *res, int row, int col)
{
	const char	*p = PQgetvalue(res, row, col);
	int		 len = PQgetlength(res, row, col);

	if (PQgetisnull(res, row, col))
		return 0;
	if (len == 2)
		return (int16_t)be(p, 2);
	if (len == 4)
		return (int32_t)be(p, 4);
	return len == 8 ? (long long)(int64_t)be(p, 8) : 0;
}

bool
rowjson_bool(const PGresult *res, int row, const char *name)
{
	int	 col = PQfnumber(res, name);

	return col >= 0 && !PQgetisnull(res, row, col) && PQgetlength(res, row, col) == 1 &&
	    PQgetvalue(res, row, col)[0] != 0;
}

bool
rowjson_value(struct jbuf *b, const PGresult *res, int row, int col)
{
	const char	*p = PQgetvalue(res, row, col);
	int		 len = PQgetlength(res, row, col);
	uint64_t	 bits;
	float		 f;
	double		 d;

	if (PQgetisnull(res, row, col)) {
		jbuf_puts(b, "null");
		return true;
	}
	switch (PQftype(res, col)) {
	case OID_TEXT: case OID_VARCHAR: case OID_BPCHAR:
		jbuf_string(b, p, (size_t)len);
		return true;
	case OID_JSON:
		jbuf_put(b, p, (size_t)len);
		return true;
	case OID_JSONB:		/* jsonb_send: version 1, then the text */
		if (len < 1 || p[0] != 1)
			return false;
		jbuf_put(b, p + 1, (size_t)len - 1);
		return true;
	case OID_BOOL:
		jbuf_puts(b, len == 1 && p[0] ? "true" : "false");
		return len == 1;
	case OID_INT2: case OID_INT4: case OID_INT8:
		jbuf_put_int(b, rowjson_int(res, row, col));
		return len == 2 || len == 4 || len == 8;
	case OID_FLOAT4:
		bits = be(p, 4);
		memcpy(&f, &(uint32_t){ (uint32_t)bits }, sizeof(f));
		put_double(b, f);
		return len == 4;
	case OID_FLOAT8:
		bits = be(p, 8);
		memcpy(&d, &bits, sizeof(d));
		put_double(b, d);
		return len == 8;
	case OID_NUMERIC:
		return put_numeric(b, p, len);
	case OID_TIMESTAMPTZ:
		put_timestamp(b, (int64_t)be(p, 8));
		return len == 8;
	case OID_DATE:
		put_date(b, (int32_t)be(p, 4));
		return len == 4;
	}
	return false;
}

void
jbuf_key(struct jbuf *b, const char *name)
{
	char	 last = b->len > 0 ? b->text[b->len - 1] : '{';

	if (last != '{' && last != '[')
		jbuf_put(b, ",", 1);
	jbuf_string(b, name, strlen(name));
	jbuf_put(b, ":", 1);
}

bool
rowjson_fields(struct jbuf *b, const PGresult *res, int row, int from, int to)
{
	for (int col = from; col < to; col++) {
		const char *name = PQfname(res, col);

		if (name[0] == '_')
			continue;
		jbuf_key(b, name);
		if (!rowjson_value(b, res, row, col))
			return false;
	}
	return true;
}

bool
rowjson_object(struct jbuf *b, const PGresult *res, int row)
{
	bool	 ok;

	jbuf_put(b, "{", 1);
	ok = rowjson_fields(b, res, row, 0, PQnfields(res));
	jbuf_put(b, "}", 1);
	return ok;
}

int
rowjson_array_length(const char *s, size_t n)
{
	size_t	 i = 0;
	int	 depth = 0, count = 0;
	bool	 in_string = false, empty = true;

	while (i < n && (s[i] == ' ' || s[i] == '\n'))
		i++;
	if (i == n || s[i] != '[')
		return -1;
	for (; i < n; i++) {
		char c = s[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"')
			in_string = true;
		if (c == '[' || c == '{')
			depth++;
		else if (c == ']' || c == '}')
			depth--;
		else if (c == ',' && depth == 1)
			count++;
		if (depth >= 1 && c != ' ' && !(depth == 1 && c == '['))
			empty = false;
	}
	return empty ? 0 : count + 1;
}
