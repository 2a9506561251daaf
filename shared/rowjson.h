/* rowjson.h: query rows rendered as JSON in C, from typed (binary) columns. */
#ifndef SHARED_ROWJSON_H
#define SHARED_ROWJSON_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

struct arena;

/* A growing JSON text in an arena. After a failed growth every put is a
 * no-op and failed is true: callers check once, at the end. */
struct jbuf {
	struct arena	*arena;
	char		*text;
	size_t		 len, cap;
	bool		 failed;
};

void	jbuf_init(struct jbuf *, struct arena *);
void	jbuf_put(struct jbuf *, const char *s, size_t n);
void	jbuf_puts(struct jbuf *, const char *s);
void	jbuf_put_int(struct jbuf *, long long v);
/* s (n bytes, UTF-8 as PostgreSQL stores it) as a JSON string, quoted. */
void	jbuf_string(struct jbuf *, const char *s, size_t n);
/* "name": as the next key of the object being written (with the comma
 * unless it is the object's first). */
void	jbuf_key(struct jbuf *, const char *name);

/*
 * The value of column col in row of res, a result in binary format
 * (db_exec_rows), as JSON: text types as strings, integers, booleans,
 * numeric and float as numbers, json/jsonb as themselves, timestamptz
 * as RFC 3339 UTC at second precision (contract §2), date as
 * "YYYY-MM-DD", SQL NULL as null. False for a type it does not know
 * (a programming error the caller reports).
 */
bool	rowjson_value(struct jbuf *, const PGresult *res, int row, int col);
/*
 * "name":value pairs for columns [from, to) of row, comma-separated, the
 * column names as the keys: the SELECT list is the JSON shape. Skips a
 * column whose name starts with '_' (the handler's own use). Adds to the
 * object being written (jbuf_key). False as rowjson_value.
 */
bool	rowjson_fields(struct jbuf *, const PGresult *res, int row, int from, int to);
/* The whole row as one object, { fields }. */
bool	rowjson_object(struct jbuf *, const PGresult *res, int row);
/* An integer column (int2/int4/int8) of a binary result; 0 for NULL. */
long long	rowjson_int(const PGresult *res, int row, int col);
/* The boolean column named name of a binary result; false for NULL or
 * no such column. */
bool		rowjson_bool(const PGresult *res, int row, const char *name);
/* The number of elements of the JSON array text s (n bytes), as
 * PostgreSQL prints it; -1 if s is not an array. */
int	rowjson_array_length(const char *s, size_t n);

#endif
