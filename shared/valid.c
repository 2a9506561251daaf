/* valid.c: validators for ids, enums, ranges and timestamps. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "req.h"
#include "timefmt.h"
#include "utf8.h"
#include "valid.h"

#define ID_MAX	50

bool
valid_is_id(const char *s)
{
	size_t	 n;

	if (s == NULL || *s == '\0' || *s == '.')
		return false;
	for (n = 0; s[n] != '\0'; n++) {
		char c = s[n];

		if (n == ID_MAX)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-'))
			return false;
	}
	return true;
}

/* The length of the token at s (up to '.' or the end), 0 if it has a
 * character a subject token cannot hold. */
static size_t
token_len(const char *s)
{
	size_t	 n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

	return s[n] == '.' || s[n] == '\0' ? n : 0;
}

bool
valid_subject_pattern(const char *p)
{
	size_t	 n;

	for (;; p += n + 1) {
		if (strcmp(p, ">") == 0)
			return true;
		n = p[0] == '*' && (p[1] == '.' || p[1] == '\0') ? 1 : token_len(p);
		if (n == 0)
			return false;
		if (p[n] == '\0')
			return true;
	}
}

/* True if s is one or more tokens joined by dots. */
static bool
all_tokens(const char *s)
{
	size_t	 n;

	for (;; s += n + 1) {
		if ((n = token_len(s)) == 0)
			return false;
		if (s[n] == '\0')
			return true;
	}
}

bool
valid_subject_in(const char *p, const char *s)
{
	size_t	 pn, sn;

	if (!valid_subject_pattern(p) || !all_tokens(s))
		return false;
	for (;; p += pn + 1, s += sn + 1) {
		if (strcmp(p, ">") == 0)
			return true;	/* s holds at least one token here */
		pn = strcspn(p, ".");
		sn = strcspn(s, ".");
		if (!(pn == 1 && p[0] == '*') && (pn != sn || strncmp(p, s, sn) != 0))
			return false;
		if (p[pn] == '\0' || s[sn] == '\0')
			return p[pn] == '\0' && s[sn] == '\0';
	}
}

bool
valid_is_text(const char *s, size_t *n_chars)
{
	size_t	 n = 0, len;

	while (*s != '\0') {
		unsigned char	 c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return false;
		if ((len = utf8_seq(s)) == 0)
			return false;
		s += len;
		n++;
	}
	if (n_chars != NULL)
		*n_chars = n;
	return true;
}

int
valid_id(struct req *r, const char *field, const char *value)
{
	if (value == NULL || *value == '\0')
		return req_fail(r, ST_INVALID, field, "%s is required", field);
	if (!valid_is_id(value))
		return req_fail(r, ST_INVALID, field,
		    "%s must be 1-50 characters of A-Z a-z 0-9 _ . : - not starting with '.'",
		    field);
	return ST_OK;
}

int
valid_str(struct req *r, const cJSON *obj, const char *field, size_t min,
    size_t max, bool required, const char **out)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(obj, field);
	size_t		 n;

	*out = NULL;
	if (it == NULL || cJSON_IsNull(it)) {
		if (required)
			return req_fail(r, ST_INVALID, field, "%s is required", field);
		return ST_OK;
	}
	if (!cJSON_IsString(it) || it->valuestring == NULL)
		return req_fail(r, ST_INVALID, field, "%s must be a string", field);
	if (!valid_is_text(it->valuestring, &n))
		return req_fail(r, ST_INVALID, field,
		    "%s must be valid UTF-8 text without control characters", field);
	if (n < min || n > max)
		return req_fail(r, ST_INVALID, field, "%s must be %zu-%zu characters",
		    field, min, max);
	*out = it->valuestring;
	return ST_OK;
}

int
valid_id_field(struct req *r, const cJSON *obj, const char *field, bool required,
    const char **out)
{
	int	 rc;

	if ((rc = valid_str(r, obj, field, 0, 1000, required, out)) != ST_OK)
		return rc;
	if (*out != NULL)
		return valid_id(r, field, *out);
	return ST_OK;
}

int
valid_num(struct req *r, const cJSON *obj, const char *field, double min,
    double max, double *out, bool *present)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(obj, field);

	*present = false;
	if (it == NULL || cJSON_IsNull(it))
		return ST_OK;
	if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
		return req_fail(r, ST_INVALID, field, "%s must be a number", field);
	if (it->valuedouble < min || it->valuedouble > max)
		return req_fail(r, ST_INVALID, field, "%s must be between %g and %g",
		    field, min, max);
	*out = it->valuedouble;
	*present = true;
	return ST_OK;
}

bool
valid_is_int(const cJSON *it, double *out)
{
	double	 d = cJSON_IsNumber(it) ? it->valuedouble : NAN;

	if (!isfinite(d) || d != floor(d))
		return false;
	*out = d;
	return true;
}

int
valid_int(struct req *r, const cJSON *obj, const char *field, long long min,
    long long max, long long *out, bool *present)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(obj, field);
	double		 d;

	*present = false;
	if (it == NULL || cJSON_IsNull(it))
		return ST_OK;
	if (!valid_is_int(it, &d))
		return req_fail(r, ST_INVALID, field, "%s must be an integer", field);
	if (d < (double)min || d > (double)max)
		return req_fail(r, ST_INVALID, field, "%s must be between %lld and %lld",
		    field, min, max);
	*out = (long long)d;
	*present = true;
	return ST_OK;
}

int
valid_bool(struct req *r, const cJSON *obj, const char *field, bool *out,
    bool *present)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(obj, field);

	*present = false;
	if (it == NULL || cJSON_IsNull(it))
		return ST_OK;
	if (!cJSON_IsBool(it))
		return req_fail(r, ST_INVALID, field, "%s must be true or false", field);
	*out = cJSON_IsTrue(it);
	*present = true;
	return ST_OK;
}

const char *
valid_is_enum(const char *value, const char *const *allowed)
{
	size_t	 i;

	for (i = 0; value != NULL && allowed[i] != NULL; i++)
		if (strcasecmp(value, allowed[i]) == 0)
			return allowed[i];
	return NULL;
}

int
valid_enum(struct req *r, const char *field, const char *value,
    const char *const *allowed, const char **out)
{
	char	 list[512] = "";
	size_t	 i;

	*out = NULL;
	if (value == NULL)
		return ST_OK;
	if ((*out = valid_is_enum(value, allowed)) != NULL)
		return ST_OK;
	for (i = 0; allowed[i] != NULL; i++) {
		if (i > 0)
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, allowed[i], sizeof(list) - strlen(list) - 1);
	}
	return req_fail(r, ST_INVALID, field, "%s must be one of: %s", field, list);
}

int
valid_str_array(struct req *r, const char *field, const cJSON *item, size_t max,
    size_t max_len)
{
	const cJSON	*el;
	size_t		 n;

	if (!cJSON_IsArray(item))
		return req_fail(r, ST_INVALID, field, "%s must be an array of strings", field);
	if ((size_t)cJSON_GetArraySize(item) > max)
		return req_fail(r, ST_INVALID, field, "%s may hold at most %zu items",
		    field, max);
	cJSON_ArrayForEach(el, item) {
		if (!cJSON_IsString(el) || !valid_is_text(el->valuestring, &n))
			return req_fail(r, ST_INVALID, field,
			    "%s must be an array of strings", field);
		if (n < 1 || n > max_len)
			return req_fail(r, ST_INVALID, field,
			    "%s items must be 1-%zu characters", field, max_len);
	}
	return ST_OK;
}

int
valid_id_array(struct req *r, const cJSON *obj, const char *field, size_t max,
    const cJSON **out)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(obj, field), *el;
	int		 rc;

	*out = NULL;
	if (it == NULL || cJSON_IsNull(it))
		return ST_OK;
	if ((rc = valid_str_array(r, field, it, max, ID_MAX)) != ST_OK)
		return rc;
	cJSON_ArrayForEach(el, it) {
		if (!valid_is_id(el->valuestring))
			return req_fail(r, ST_INVALID, field,
			    "%s holds an invalid id: ids are 1-50 characters of "
			    "A-Z a-z 0-9 _ . : - not starting with '.'", field);
	}
	*out = it;
	return ST_OK;
}

int
valid_object(struct req *r, const cJSON *obj, const char *field, const cJSON **out)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(obj, field);

	*out = NULL;
	if (it == NULL || cJSON_IsNull(it))
		return ST_OK;
	if (!cJSON_IsObject(it))
		return req_fail(r, ST_INVALID, field, "%s must be an object", field);
	*out = it;
	return ST_OK;
}

int
valid_hhmm(struct req *r, const char *field, const char *v, int *minutes)
{
	if (v == NULL || strlen(v) != 5 || v[2] != ':' ||
	    v[0] < '0' || v[0] > '2' || v[1] < '0' || v[1] > '9' ||
	    v[3] < '0' || v[3] > '5' || v[4] < '0' || v[4] > '9' ||
	    (v[0] == '2' && v[1] > '3'))
		return req_fail(r, ST_INVALID, field, "%s must be HH:MM (00:00-23:59)", field);
	*minutes = ((v[0] - '0') * 10 + (v[1] - '0')) * 60 + (v[3] - '0') * 10 + (v[4] - '0');
	return ST_OK;
}

int
valid_time(struct req *r, const char *field, const char *v, bool date_ok)
{
	time_t	 t;

	if (v != NULL && (timefmt_parse_rfc3339(v, &t) || (date_ok && timefmt_is_date(v))))
		return ST_OK;
	return req_fail(r, ST_INVALID, field, date_ok ?
	    "%s must be a date (YYYY-MM-DD) or an RFC 3339 timestamp" :
	    "%s must be an RFC 3339 timestamp", field);
}

int
valid_query_int(struct req *r, const char *name, long long min, long long max,
    long long def, long long *out)
{
	const char	*v = req_query(r, name);
	char		*end;
	long long	 n;

	*out = def;
	if (v == NULL)
		return ST_OK;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < min || n > max)
		return req_fail(r, ST_INVALID, name, "%s must be an integer between %lld and %lld",
		    name, min, max);
	*out = n;
	return ST_OK;
}

int
valid_page(struct req *r, struct page *out)
{
	long long	 limit, offset;
	int		 rc;

	if ((rc = valid_query_int(r, "limit", 1, 100, 50, &limit)) != ST_OK ||
	    (rc = valid_query_int(r, "offset", 0, 1000000000, 0, &offset)) != ST_OK)
		return rc;
	snprintf(out->limit, sizeof(out->limit), "%lld", limit);
	snprintf(out->offset, sizeof(out->offset), "%lld", offset);
	return ST_OK;
}

int
valid_query_bool(struct req *r, const char *name, bool def, bool *out)
{
	const char	*v = req_query(r, name);

	*out = def;
	if (v == NULL)
		return ST_OK;
	if (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = true;
	else if (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = false;
	else
		return req_fail(r, ST_INVALID, name, "%s must be true or false", name);
	return ST_OK;
}
