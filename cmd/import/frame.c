/* frame.c: FRAME: the imported photos on that frame, through the API: a
 * playlist of them (POST /playlists) and a continuous schedule for the
 * frame (POST /schedules); then the player's URL.
 *
 * A manual playlist of their ids, not a smart one: every smart criterion
 * (contract §3.2) is about a photo's content or EXIF (labels, scenes,
 * quality, place, date taken, camera, orientation, faces), none about how
 * or when it arrived, so no criterion holds exactly this set: photos the
 * user had before that match would come in too, and photos with no date or
 * camera could not be chosen at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "import.h"
#include "valid.h"

#define MANUAL_MAX	1000	/* BR-M004: photos in a manual playlist */

/* POST path json; the answer's string member key into out. 0 or -1 (said). */
static int
create(struct run *r, const char *path, cJSON *body, const char *key,
    char *out, size_t outlen)
{
	const cJSON	*v;
	cJSON		*ans = NULL;
	char		*json = NULL, why[WHY_LEN];
	long		 status;
	int		 rc = -1;

	if ((json = cJSON_PrintUnformatted(body)) == NULL) {
		fprintf(stderr, "media-import: out of memory\n");
		goto cleanup;
	}
	if (api_call(&r->api, "POST", path, json, &status, &ans, why, sizeof(why)) != 0) {
		fprintf(stderr, "media-import: %s\n", why);
		goto cleanup;
	}
	v = cJSON_GetObjectItemCaseSensitive(ans, key);
	if (status != 201 || !cJSON_IsString(v) || !valid_is_id(v->valuestring)) {
		v = cJSON_GetObjectItemCaseSensitive(ans, "detail");
		fprintf(stderr, "media-import: POST %s: HTTP %ld%s%s\n", path, status,
		    cJSON_IsString(v) ? ": " : "", cJSON_IsString(v) ? v->valuestring : "");
		goto cleanup;
	}
	snprintf(out, outlen, "%s", v->valuestring);
	rc = 0;
cleanup:
	free(json);
	cJSON_Delete(ans);
	return rc;
}

/* The photos imported (or there already) into ids, the first MANUAL_MAX
 * of them by path: *n went in, *more did not. 0, or -1 out of memory. */
static int
add_photo_ids(const struct run *r, cJSON *ids, size_t *n, size_t *more)
{
	size_t	 i;

	for (i = 0; i < r->items.n; i++) {
		const struct item *it = &r->items.v[i];

		if ((it->outcome != OUT_IMPORTED && it->outcome != OUT_THERE) || it->duplicate)
			continue;
		if (*n == MANUAL_MAX) {
			(*more)++;
			continue;
		}
		if (!cJSON_AddItemToArray(ids, cJSON_CreateString(it->file_id)))
			return -1;
		(*n)++;
	}
	return 0;
}

int
frame_make(struct run *r)
{
	cJSON		*pl = NULL, *ids, *sc = NULL;
	char		 path[128], name[128], playlist[64], schedule[64], day[32];
	time_t		 now = time(NULL);
	struct tm	 tm;
	size_t		 n = 0, more = 0;
	int		 rc = -1;

	if ((pl = cJSON_CreateObject()) == NULL || (ids = cJSON_CreateArray()) == NULL)
		goto oom;
	cJSON_AddItemToObject(pl, "photo_ids", ids);
	if (add_photo_ids(r, ids, &n, &more) != 0)
		goto oom;
	if (n == 0) {
		printf("frame %s: no photos, so no playlist or schedule made\n", r->frame);
		rc = 0;
		goto cleanup;
	}
	if (more > 0)
		printf("frame %s: a manual playlist holds at most %d photos (BR-M004): "
		    "the first %d by path are in it, %zu are not\n", r->frame, MANUAL_MAX,
		    MANUAL_MAX, more);
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d %H:%M UTC", &tm);
	snprintf(name, sizeof(name), "Imported for %s, %s", r->frame, day);
	if (cJSON_AddStringToObject(pl, "name", name) == NULL ||
	    cJSON_AddStringToObject(pl, "playlist_type", "manual") == NULL)
		goto oom;
	/* user_id and frame_id are valid ids: safe in a URL as they are. */
	snprintf(path, sizeof(path), "/playlists?user_id=%s", r->user);
	if (create(r, path, pl, "playlist_id", playlist, sizeof(playlist)) != 0)
		goto cleanup;
	if ((sc = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(sc, "frame_id", r->frame) == NULL ||
	    cJSON_AddStringToObject(sc, "playlist_id", playlist) == NULL ||
	    cJSON_AddStringToObject(sc, "schedule_type", "continuous") == NULL)
		goto oom;
	snprintf(path, sizeof(path), "/schedules?user_id=%s", r->user);
	if (create(r, path, sc, "schedule_id", schedule, sizeof(schedule)) != 0)
		goto cleanup;
	printf("frame %s: playlist %s (%zu photos), continuous schedule %s\n",
	    r->frame, playlist, n, schedule);
	printf("open %s/frame/?frame_id=%s&user_id=%s\n", config_get()->public_url, r->frame, r->user);
	rc = 0;
	goto cleanup;
oom:
	fprintf(stderr, "media-import: out of memory\n");
cleanup:
	cJSON_Delete(pl);
	cJSON_Delete(sc);
	return rc;
}
