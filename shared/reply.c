/* reply.c: responses made of a query's JSON result. */
#include <libpq-fe.h>

#include "reply.h"
#include "req.h"
#include "resp.h"

int
reply_row(struct req *r, const PGresult *res, int http, const char *what)
{
	if (PQntuples(res) != 1)
		return req_fail(r, ST_NOT_FOUND, NULL, "%s not found", what);
	return resp_json(r, http, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
}

int
reply_page(struct req *r, const PGresult *res)
{
	int	 rc;

	if (PQntuples(res) != 1 || PQnfields(res) < 2)
		return req_fail(r, ST_INTERNAL, NULL, "a page query gave no total and list");
	if ((rc = resp_header(r, "X-Total-Count", "%s", PQgetvalue(res, 0, 0))) != ST_OK)
		return rc;
	return resp_json(r, 200, PQgetvalue(res, 0, 1), (size_t)PQgetlength(res, 0, 1));
}
