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
