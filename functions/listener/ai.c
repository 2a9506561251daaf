/* ai.c: the AI vision service over HTTP (contract §4). */
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "listener.h"
#include "log.h"
#include "status.h"

#define AI_TIMEOUT_MS	10000L			/* contract §4 */
#define AI_ANSWER_MAX	(4 * 1024 * 1024)

int
ai_analyze(const char *file_id, const char *user_id, const char *image_url,
    cJSON **out)
{
	struct buf	 ans = { .max = AI_ANSWER_MAX };
	cJSON		*req = NULL;
	char		*body = NULL, *url = NULL, err[256];
	const char	*base = config_get()->ai_url;
	size_t		 n;
	int		 rc = ST_UNAVAILABLE;

	*out = NULL;
	n = snprintf(NULL, 0, "%s/api/v1/vision/analyze", base) + 1;
	if ((url = malloc(n)) == NULL || (req = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(req, "file_id", file_id) == NULL ||
	    cJSON_AddStringToObject(req, "user_id", user_id) == NULL ||
	    cJSON_AddStringToObject(req, "image_url", image_url) == NULL ||
	    (body = cJSON_PrintUnformatted(req)) == NULL)
		goto cleanup;
	snprintf(url, n, "%s/api/v1/vision/analyze", base);
	if ((rc = fetch_post_json(url, body, AI_TIMEOUT_MS, &ans, err, sizeof(err))) != ST_OK) {
		log_warn("ai_analyze: %s: %s", file_id, err);
		goto cleanup;
	}
	if ((*out = cJSON_ParseWithLength((const char *)ans.data, ans.len)) == NULL ||
	    !cJSON_IsObject(*out)) {
		log_warn("ai_analyze: %s: the answer is not a JSON object", file_id);
		cJSON_Delete(*out);
		*out = NULL;
		rc = ST_UNAVAILABLE;	/* a broken answer is the service failing */
	}
cleanup:
	buf_free(&ans);
	cJSON_Delete(req);
	free(body);
	free(url);
	return rc;
}
