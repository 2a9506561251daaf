/* frames.h: the frames function's handlers and a frame's JSON (issue 9
 * item 4). */
#ifndef FRAMES_H
#define FRAMES_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

struct req;

/*
 * A frame as the API returns it, from row `row` of res whose columns from
 * col on are, in this order: frame_id, user_id, name, display_width,
 * display_height, fit, pair_portraits, created_at and updated_at (both
 * as media_ts(), RFC 3339 UTC). Caller owns the result (cJSON_Delete); NULL when out of memory.
 */
cJSON	*frame_json(const PGresult *res, int row, int col);
/*
 * Send the frame of the single row of res (columns as frame_json(), from
 * 0) with status http. No row: records and returns ST_NOT_FOUND, as for
 * another user's frame (contract §2).
 */
int	 frame_reply(struct req *, const PGresult *res, int http);

int	frames_put(struct req *);
int	frames_get(struct req *);
int	frames_list(struct req *);
int	frames_delete(struct req *);

#endif
