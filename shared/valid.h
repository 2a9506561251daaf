/* valid.h: validators for ids, strings, numbers, enums, times and lists.
 * Each returns ST_OK, or records the failure with its field and returns
 * ST_INVALID (ST_BAD_REQUEST for a malformed request). */
#ifndef SHARED_VALID_H
#define SHARED_VALID_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct req;

/* Contract §2 client ids: 1-50 of [A-Za-z0-9_.:-], not starting with '.'. */
bool	 valid_is_id(const char *s);
/* True if subject (dot-separated tokens of [A-Za-z0-9_-], no wildcard) is
 * one that the NATS subject pattern matches: its tokens literally, "*"
 * any one token, a last ">" one or more. Cannot fail. */
bool	 valid_subject_in(const char *pattern, const char *subject);
/* True if pattern is a NATS subject pattern: tokens of [A-Za-z0-9_-], "*"
 * or a last ">". Cannot fail. */
bool	 valid_subject_pattern(const char *pattern);
/* True if s is valid UTF-8 with no control characters but \t \n \r;
 * *n_chars gets its length in code points. */
bool	 valid_is_text(const char *s, size_t *n_chars);

/* True if it is a JSON number with an integral value (1, 1.0, 1e3; not
 * 1.5, "1", true); *out gets it. For callers without a request (the
 * listener); valid_int() is the same test. */
bool	 valid_is_int(const cJSON *it, double *out);
/* The canonical entry of allowed (NULL-terminated) that value names in
 * any case (contract §2), or NULL (also for a NULL value). Static; do not
 * free. valid_enum() is the same test. */
const char *valid_is_enum(const char *value, const char *const *allowed);

/* A required id (NULL or malformed: recorded failure naming field). */
int	 valid_id(struct req *, const char *field, const char *value);

/*
 * A string member of obj. Absent or null: *out = NULL, ST_OK unless
 * required. Present: must be a string of min..max characters of text.
 * *out points into obj (owned by the request body).
 */
int	 valid_str(struct req *, const cJSON *obj, const char *field,
	    size_t min, size_t max, bool required, const char **out);
/* An id member of obj, as valid_str() with the id rule. */
int	 valid_id_field(struct req *, const cJSON *obj, const char *field,
	    bool required, const char **out);
/* An integer member within min..max; *present tells whether it was given. */
int	 valid_int(struct req *, const cJSON *obj, const char *field,
	    long long min, long long max, long long *out, bool *present);
/* A number member within min..max. */
int	 valid_num(struct req *, const cJSON *obj, const char *field,
	    double min, double max, double *out, bool *present);
/* A boolean member. */
int	 valid_bool(struct req *, const cJSON *obj, const char *field,
	    bool *out, bool *present);
/*
 * An enum value in any case (contract §2); *out is the canonical lowercase
 * entry of allowed (a NULL-terminated list). value NULL: ST_OK, *out NULL.
 */
int	 valid_enum(struct req *, const char *field, const char *value,
	    const char *const *allowed, const char **out);
/* A member that must be an array of 0..max ids; *out NULL when absent. */
int	 valid_id_array(struct req *, const cJSON *obj, const char *field,
	    size_t max, const cJSON **out);
/* An array of 0..max strings of 1..max_len characters. */
int	 valid_str_array(struct req *, const char *field, const cJSON *item,
	    size_t max, size_t max_len);
/* A member that must be an object when present; *out NULL when absent. */
int	 valid_object(struct req *, const cJSON *obj, const char *field,
	    const cJSON **out);
/* "HH:MM", 00:00-23:59; *minutes gets minutes after midnight. */
int	 valid_hhmm(struct req *, const char *field, const char *value, int *minutes);
/* An RFC 3339 date-time, or also a bare date when date_ok. */
int	 valid_time(struct req *, const char *field, const char *value, bool date_ok);
/*
 * Query parameter name as an integer in min..max, def when absent.
 */
int	 valid_query_int(struct req *, const char *name, long long min,
	    long long max, long long def, long long *out);
/* Contract §2 list paging, as decimal text for statement parameters. */
struct page {
	char	 limit[24];	/* limit: 1-100, default 50 */
	char	 offset[24];	/* offset: >= 0, default 0 */
};
/* Read ?limit= and ?offset= into out. */
int	 valid_page(struct req *, struct page *out);
/* A query parameter as a boolean (true/false/1/0, any case); def if absent. */
int	 valid_query_bool(struct req *, const char *name, bool def, bool *out);

#endif
