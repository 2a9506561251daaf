/* put.c: PUT /frames/{frame_id}: create or partially update a frame's
 * display profile (issue 9 item 4); 200 with the frame either way. */
#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "db.h"
#include "display.h"
#include "req.h"
#include "valid.h"

#include "frames.h"

/* The fields of the body, validated; NULL: absent, the stored value stays. */
struct frame_body {
	const char	*name;
	const char	*fit;		/* canonical, lowercase */
	char		 width_s[24], height_s[24];
	bool		 has_width, has_height;
	bool		 pair, has_pair;	/* pair_portraits (issue 12) */
};

static int
parse(struct req *r, struct frame_body *b)
{
	const char	*fit;
	long long	 w, h;
	int		 rc;

	/* Integers only: 1.5, "100" and true are refused, as 0 and 8193 are. */
	if ((rc = valid_int(r, r->body, "display_width", DISPLAY_PX_MIN, DISPLAY_PX_MAX,
	    &w, &b->has_width)) != ST_OK ||
	    (rc = valid_int(r, r->body, "display_height", DISPLAY_PX_MIN, DISPLAY_PX_MAX,
	    &h, &b->has_height)) != ST_OK ||
	    (rc = valid_str(r, r->body, "fit", 0, 1000, false, &fit)) != ST_OK ||
	    (rc = valid_enum(r, "fit", fit, display_fits, &b->fit)) != ST_OK ||
	    (rc = valid_str(r, r->body, "name", 0, DISPLAY_NAME_MAX, false, &b->name)) != ST_OK ||
	    (rc = valid_bool(r, r->body, "pair_portraits", &b->pair, &b->has_pair)) != ST_OK)
		return rc;
	snprintf(b->width_s, sizeof(b->width_s), "%lld", w);
	snprintf(b->height_s, sizeof(b->height_s), "%lld", h);
	return ST_OK;
}

/* media_frame_put (sql/041) is the one upsert, shared with the listener:
 * it queues the frame's renders again when the size or fit changed, in
 * this transaction. No row: the frame is new and a size is missing. */
static const char sql_put[] =
    "SELECT frame_id, user_id, name, display_width, display_height, fit, pair_portraits,"
    " media_ts(created_at), media_ts(updated_at)"
    " FROM media_frame_put($1, $2, $3, $4::int, $5::int, $6, $7::boolean)";

int
frames_put(struct req *r)
{
	struct frame_body	 b = { 0 };
	const char		*frame = req_param(r, "frame_id");
	PGresult		*res = NULL;
	int			 rc;

	/* Validate. */
	if ((rc = parse(r, &b)) != ST_OK)
		goto cleanup;

	/* Act: one transaction. */
	if ((rc = db_begin(r)) != ST_OK)
		goto cleanup;
	res = db_execv(sql_put, 7, r->user_id, frame, b.name,
	    b.has_width ? b.width_s : NULL, b.has_height ? b.height_s : NULL, b.fit,
	    b.has_pair ? (b.pair ? "true" : "false") : NULL);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) == ST_OK && PQntuples(res) == 0)
		rc = req_fail(r, ST_INVALID, b.has_width ? "display_height" : "display_width",
		    "%s is required for a new frame (display_width and display_height)",
		    b.has_width ? "display_height" : "display_width");
	if ((rc = db_finish(r, rc)) != ST_OK)
		goto cleanup;

	/* Respond: 200 whether created or updated (issue 9). */
	rc = frame_reply(r, res, 200);
cleanup:
	PQclear(res);
	return rc;
}
