/* listpage.c: a list endpoint's page and its total (contract §2). */
#include <stdlib.h>

#include <libpq-fe.h>

#include "db.h"
#include "listpage.h"
#include "req.h"
#include "resp.h"
#include "valid.h"

#define LIST_PARAMS_MAX	8

/* The total when the page does not tell it: a COUNT of its own. */
static int
count(struct req *r, const char *sql, int n, const char *const *params, long long *total)
{
	PGresult	*res = db_exec(sql, n, params);
	int		 rc;

	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK) {
		if (PQntuples(res) == 1)
			*total = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		else
			rc = req_fail(r, ST_INTERNAL, NULL, "a count gave no row");
	}
	PQclear(res);
	return rc;
}

int
list_page(struct req *r, const char *sql_rows, const char *sql_count, int n,
    const char *const *params, const struct page *pg, row_render_fn render)
{
	const char	*all[LIST_PARAMS_MAX + 2];
	long long	 limit = strtoll(pg->limit, NULL, 10), offset = strtoll(pg->offset, NULL, 10);
	long long	 total, rows;
	PGresult	*res;
	int		 i, rc;

	if (n > LIST_PARAMS_MAX)
		return req_fail(r, ST_INTERNAL, NULL, "a list has too many parameters");
	for (i = 0; i < n; i++)
		all[i] = params[i];
	all[n] = pg->limit, all[n + 1] = pg->offset;
	res = db_exec_rows(sql_rows, n + 2, all);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	rows = PQntuples(res);
	total = offset + rows;
	if ((rows == limit || (rows == 0 && offset > 0)) &&
	    (rc = count(r, sql_count, n, params, &total)) != ST_OK)
		goto cleanup;
	rc = resp_list(r, res, total, render);
cleanup:
	PQclear(res);
	return rc;
}
