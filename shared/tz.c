/* tz.c: time zone names, tried by the PostgreSQL that evaluates them. */
#include <stdbool.h>
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "db.h"
#include "req.h"
#include "tz.h"

/* The zone is tried by the PostgreSQL that turns now() into local dates
 * and evaluates schedule windows (pg_timezone_names would be the list, but
 * reading it takes ~30 ms: too slow for a query's validation). Today is
 * read in the same step so that a statement can take it as a plain date
 * parameter (its plan then sees the day, and the month-day index of
 * sql/044 serves on_this_day). PostgreSQL also takes POSIX specs ("UTC+5",
 * "<+05>-5") and abbreviations; the shape rule below refuses the former. */
static const char sql_today[] = "SELECT media_local_today($1)::text";

/* Area[/Location...]: the first part letters and _ only, the rest also
 * digits, + and - (Etc/GMT+5); no "..", no spaces. */
static bool
iana_shaped(const char *tz)
{
	static const char	 alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
	static const char	 rest[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789+-";
	size_t			 n;

	if ((n = strspn(tz, alpha)) == 0 || strlen(tz) > TZ_NAME_MAX)
		return false;
	for (tz += n; *tz == '/'; tz += n)
		if ((n = strspn(++tz, rest)) == 0)
			return false;
	return *tz == '\0';
}

int
tz_check(struct req *r, const char *field, const char *tz, const char **today)
{
	PGresult	*res = NULL;
	const char	*state;
	int		 rc;

	if (!iana_shaped(tz))
		return req_fail(r, ST_INVALID, field,
		    "%s must be an IANA time zone name such as Europe/Paris", field);
	res = db_execv(sql_today, 1, tz);
	state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state != NULL && strcmp(state, "22023") == 0) {	/* not recognized */
		rc = req_fail(r, ST_INVALID, field,
		    "unknown time zone '%s'; use an IANA name such as Europe/Paris", tz);
		goto cleanup;
	}
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	if (today != NULL &&
	    (*today = arena_strdup(r->arena, PQgetvalue(res, 0, 0))) == NULL)
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
cleanup:
	PQclear(res);
	return rc;
}
