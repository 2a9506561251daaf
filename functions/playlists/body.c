/* body.c: validation of the playlist fields shared by create and update. */
#include <string.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "criteria.h"
#include "jsontext.h"
#include "req.h"
#include "tz.h"
#include "valid.h"

#include "playlists.h"

const char *const playlist_types[] = { "manual", "smart", "ai_curated", NULL };
static const char *const curated_keys[] = { "max_photos", NULL };

int
playlist_body_type(struct req *r, const cJSON *b, const char *def, const char **out)
{
	const char	*v;
	int		 rc;

	if ((rc = valid_str(r, b, "playlist_type", 1, 50, false, &v)) != ST_OK)
		return rc;
	if (v == NULL) {
		*out = def;
		return ST_OK;
	}
	return valid_enum(r, "playlist_type", v, playlist_types, out);
}

/* BR-M003/BR-M004: who owns photo_ids depends on the type. */
static int
parse_photo_ids(struct req *r, cJSON *b, const char *type, struct playlist_body *out)
{
	const cJSON	*ids = cJSON_GetObjectItemCaseSensitive(b, "photo_ids");
	int		 rc;

	if (ids == NULL || cJSON_IsNull(ids))
		return ST_OK;
	if (cJSON_IsArray(ids) && cJSON_GetArraySize(ids) > PLAYLIST_MANUAL_MAX &&
	    strcmp(type, "manual") == 0)
		return req_fail(r, ST_INVALID, "photo_ids",
		    "Playlist exceeds maximum of 1000 photos");
	if ((rc = valid_id_array(r, b, "photo_ids", (size_t)-1 / 2, &ids)) != ST_OK)
		return rc;
	if (strcmp(type, "manual") != 0) {
		if (cJSON_GetArraySize(ids) == 0)
			return ST_OK;	/* an empty list sets nothing */
		return req_fail(r, ST_INVALID, "photo_ids",
		    "photo_ids of a %s playlist are chosen by the service and cannot be set",
		    type);
	}
	return jsontext(r, ids, &out->photo_ids);
}

static int
parse_criteria(struct req *r, cJSON *b, const char *type, bool creating,
    struct playlist_body *out)
{
	cJSON		*c = cJSON_GetObjectItemCaseSensitive(b, "smart_criteria");
	long long	 max;
	bool		 has;
	int		 rc;

	if (c == NULL || cJSON_IsNull(c)) {
		if (creating && strcmp(type, "smart") == 0)
			return req_fail(r, ST_INVALID, "smart_criteria",
			    "smart_criteria is required for a smart playlist");
		if (creating && strcmp(type, "ai_curated") == 0)
			out->criteria = "{}";
		return ST_OK;
	}
	if (strcmp(type, "manual") == 0) {
		if (cJSON_IsObject(c) && cJSON_GetArraySize(c) == 0)
			return ST_OK;
		return req_fail(r, ST_INVALID, "smart_criteria",
		    "smart_criteria applies only to smart and ai_curated playlists");
	}
	if (strcmp(type, "ai_curated") == 0) {
		if ((rc = criteria_validate(r, "smart_criteria", c, curated_keys)) != ST_OK ||
		    (rc = valid_int(r, c, "max_photos", 1, CURATED_MAX, &max, &has)) != ST_OK)
			return rc;
	} else if ((rc = criteria_validate(r, "smart_criteria", c, NULL)) != ST_OK)
		return rc;
	return jsontext(r, c, &out->criteria);
}

static int
parse_flags(struct req *r, cJSON *b, struct playlist_body *out)
{
	long long	 td;
	bool		 v, has;
	int		 rc;

	if ((rc = valid_bool(r, b, "shuffle", &v, &has)) != ST_OK)
		return rc;
	out->shuffle = has ? (v ? "true" : "false") : NULL;
	if ((rc = valid_bool(r, b, "loop", &v, &has)) != ST_OK)
		return rc;
	out->loop = has ? (v ? "true" : "false") : NULL;
	if ((rc = valid_int(r, b, "transition_duration", 1, 60, &td, &has)) != ST_OK)
		return rc;
	out->transition = has ? arena_printf(r->arena, "%lld", td) : NULL;
	if (has && out->transition == NULL)
		return req_fail(r, ST_UNAVAILABLE, NULL, "out of memory");
	return ST_OK;
}

int
playlist_body_parse(struct req *r, cJSON *b, const char *type, bool creating,
    struct playlist_body *out)
{
	int	 rc;

	memset(out, 0, sizeof(*out));
	out->type = type;
	out->has_description = cJSON_GetObjectItemCaseSensitive(b, "description") != NULL;
	if ((rc = valid_str(r, b, "name", 1, 255, creating, &out->name)) != ST_OK ||
	    (rc = valid_str(r, b, "description", 0, 1000, false, &out->description)) != ST_OK ||
	    (rc = valid_id_field(r, b, "organization_id", false, &out->org_id)) != ST_OK ||
	    (rc = parse_photo_ids(r, b, type, out)) != ST_OK ||
	    (rc = parse_criteria(r, b, type, creating, out)) != ST_OK)
		return rc;
	if (out->org_id == NULL)
		out->org_id = r->org_id;
	if ((rc = parse_flags(r, b, out)) != ST_OK ||
	    (rc = valid_str(r, b, "timezone", 1, TZ_NAME_MAX + 1, false, &out->timezone)) != ST_OK)
		return rc;
	/* Last: the only check that asks the database. */
	return out->timezone != NULL ? tz_check(r, "timezone", out->timezone, NULL) : ST_OK;
}
