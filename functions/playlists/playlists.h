/* playlists.h: the playlists function's handlers and shared pieces (contract §3.3). */
#ifndef PLAYLISTS_H
#define PLAYLISTS_H

#include <stdbool.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

struct jbuf;
struct req;

#define PLAYLIST_MANUAL_MAX	1000	/* BR-M004 */
#define CURATED_MAX		500

/* manual, smart, ai_curated; NULL-terminated (body.c). */
extern const char *const playlist_types[];

/* The fields of a create or update body, validated. NULL / !has_x: absent. */
struct playlist_body {
	const char	*name;
	const char	*description;
	bool		 has_description;	/* given, maybe null to clear it */
	const char	*type;			/* canonical playlist_type or NULL */
	char		*photo_ids;		/* JSON array text; arena */
	char		*criteria;		/* JSON object text; arena */
	const char	*shuffle, *loop;	/* "true"/"false" or NULL */
	const char	*transition;		/* decimal text or NULL */
	const char	*org_id;
	const char	*timezone;		/* IANA name, checked, or NULL */
};

/*
 * Validate body b of a create (creating) or update into out, for a playlist
 * of type type (for an update: the stored type). Returns a status.
 */
int	playlist_body_parse(struct req *, cJSON *b, const char *type, bool creating,
	    struct playlist_body *out);
/* The canonical type named by the body, or def; ST_INVALID if unknown. */
int	playlist_body_type(struct req *, const cJSON *b, const char *def, const char **out);

/*
 * The photo ids of an ai_curated playlist of user U with criteria C on day
 * D (a date: today in the playlist's zone): SQL text with U, C and D
 * substituted by the caller's placeholders, never by values. A smart
 * playlist's photos are SQL's media_smart_photos() (sql/044), the one home
 * shared with GET, the manifest and the day change.
 */
/* BR-M004 ai_curated: best quality first, at most 3 a day before any 4th,
 * scenes taken in turn, enhancement candidates only when nothing better. */
#define CURATED_PHOTOS(U, C, D) \
	"(SELECT coalesce(jsonb_agg(t.file_id ORDER BY t.pick), '[]'::jsonb) FROM (" \
	" SELECT s.file_id, row_number() OVER (ORDER BY s.candidate, s.per_day > 3," \
	"   s.per_scene, s.quality_score DESC NULLS LAST, s.photo_taken_at DESC NULLS LAST," \
	"   s.file_id) AS pick FROM (" \
	"  SELECT m.file_id, m.quality_score, m.photo_taken_at," \
	"   coalesce(m.quality_score < 0.5, false)" \
	"    OR m.full_metadata @> '{\"enhancement_candidate\": true}' AS candidate," \
	"   row_number() OVER (PARTITION BY (m.photo_taken_at AT TIME ZONE 'UTC')::date" \
	"    ORDER BY m.quality_score DESC NULLS LAST, m.file_id) AS per_day," \
	"   row_number() OVER (PARTITION BY m.ai_scenes ->> 0" \
	"    ORDER BY m.quality_score DESC NULLS LAST, m.file_id) AS per_scene" \
	"  FROM photo_metadata m WHERE m.user_id = " U \
	"   AND media_criteria_match(m, " C ", " D ")) s" \
	" ORDER BY pick LIMIT coalesce((" C " ->> 'max_photos')::int, 100)) t)"

/* Row row of res (binary: db_rowsv), a playlist's columns, as its JSON
 * (json.c); a row_render_fn for resp_object and resp_list. */
bool	playlist_render(struct jbuf *, const PGresult *res, int row);

int	playlists_create(struct req *);
int	playlists_list(struct req *);
int	playlists_get(struct req *);
int	playlists_update(struct req *);
int	playlists_delete(struct req *);
int	playlists_add_photos(struct req *);
int	playlists_remove_photo(struct req *);

#endif
