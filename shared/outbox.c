/* outbox.c: the transactional outbox; only the listener talks to NATS. */
#include <libpq-fe.h>

#include "db.h"
#include "outbox.h"
#include "req.h"

static const char sql_outbox_add[] =
    "INSERT INTO outbox (event_type, aggregate_id, payload) "
    "VALUES ($1, $2, $3::jsonb)";

int
outbox_add(struct req *r, const char *event_type, const char *aggregate_id,
    const char *payload_json)
{
	PGresult	*res;
	int		 rc;

	res = db_execv(sql_outbox_add, 3, event_type, aggregate_id, payload_json);
	rc = db_check(r, res, PGRES_COMMAND_OK);
	PQclear(res);
	return rc;
}
