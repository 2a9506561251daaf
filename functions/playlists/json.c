/* json.c: a playlist as the API returns it (contract §3.3), rendered in C
 * from the row a statement returns: the table's columns (SELECT p.* or
 * RETURNING *) are the fields, plus photo_count. */
#include <libpq-fe.h>

#include "rowjson.h"

#include "playlists.h"

/*
 * photo_ids is the stored list, except when the statement also gives
 * _photos_today non-NULL: a smart playlist following the calendar, whose
 * photos of today a read computes (issue 13) whatever the day change has
 * stored yet. photo_count is always the length of the list shown.
 */
bool
playlist_render(struct jbuf *b, const PGresult *res, int row)
{
	int	 ids = PQfnumber(res, "photo_ids"), today = PQfnumber(res, "_photos_today");
	int	 shown = today >= 0 && !PQgetisnull(res, row, today) ? today : ids;
	int	 count;

	if (ids < 0)
		return false;
	jbuf_put(b, "{", 1);
	if (!rowjson_fields(b, res, row, 0, ids))
		return false;
	jbuf_key(b, "photo_ids");
	if (!rowjson_value(b, res, row, shown))
		return false;
	/* jsonb in binary: a version byte, then the text. */
	count = rowjson_array_length(PQgetvalue(res, row, shown) + 1,
	    (size_t)PQgetlength(res, row, shown) - 1);
	if (count < 0)
		return false;
	jbuf_key(b, "photo_count");
	jbuf_put_int(b, count);
	if (!rowjson_fields(b, res, row, ids + 1, PQnfields(res)))
		return false;
	jbuf_put(b, "}", 1);
	return true;
}
