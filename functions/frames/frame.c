/* frame.c: a frame as the API returns it, built from a statement's typed
 * columns: frame_id, user_id, name, display_width, display_height, fit,
 * pair_portraits, created_at, updated_at. */
#include <errno.h>
#include <stdlib.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "req.h"
#include "resp.h"

#include "frames.h"

/* An INT column's value; the table's CHECK keeps it in 1-8192. */
static cJSON *
int_column(const PGresult *res, int row, int col)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(PQgetvalue(res, row, col), &end, 10);
	if (errno != 0 || *end != '\0')
		return NULL;
	return cJSON_CreateNumber((double)n);
}

cJSON *
frame_json(const PGresult *res, int row, int col)
{
	static const char *const names[] = { "frame_id", "user_id", "name",
	    "display_width", "display_height", "fit", "pair_portraits", "created_at",
	    "updated_at" };
	cJSON	*o, *v;
	size_t	 i;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int	 c = col + (int)i;

		if (PQgetisnull(res, row, c))
			v = cJSON_CreateNull();
		else if (i == 3 || i == 4)
			v = int_column(res, row, c);
		else if (i == 6)	/* a BOOLEAN NOT NULL: "t" or "f" */
			v = cJSON_CreateBool(PQgetvalue(res, row, c)[0] == 't');
		else
			v = cJSON_CreateString(PQgetvalue(res, row, c));
		if (!cJSON_AddItemToObject(o, names[i], v)) {
			cJSON_Delete(v);
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
}

int
frame_reply(struct req *r, const PGresult *res, int http)
{
	cJSON	*o = NULL;
	int	 rc;

	if (PQntuples(res) != 1) {
		rc = req_fail(r, ST_NOT_FOUND, NULL, "frame not found");
		goto cleanup;
	}
	if ((o = frame_json(res, 0, 0)) == NULL) {
		rc = req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
		goto cleanup;
	}
	rc = resp_cjson(r, http, o);
cleanup:
	cJSON_Delete(o);
	return rc;
}
