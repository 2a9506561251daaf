/* api.c: the service's HTTP API (through nginx, as any client) with
 * libcurl: one easy handle, so the connection is kept alive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "import.h"

#define ANSWER_MAX	(4L * 1024 * 1024)	/* the longest answer we read */
#define TIMEOUT_MS	30000L
#define CONNECT_MS	5000L
#define URL_LEN		2048

int
api_open(struct api *a, const char *public_url)
{
	memset(a, 0, sizeof(*a));
	if (snprintf(a->base, sizeof(a->base), "%s/api/v1/media", public_url) >=
	    (int)sizeof(a->base))
		return -1;
	return (a->curl = curl_easy_init()) != NULL ? 0 : -1;
}

void
api_close(struct api *a)
{
	curl_easy_cleanup(a->curl);
	free(a->answer);
	a->curl = NULL;
	a->answer = NULL;
}

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct api	*a = arg;
	size_t		 add = size * n;
	char		*grown;

	if (a->len + add > (size_t)ANSWER_MAX ||
	    (grown = realloc(a->answer, a->len + add + 1)) == NULL)
		return 0;	/* libcurl fails the transfer */
	memcpy(grown + a->len, p, add);
	a->len += add;
	grown[a->len] = '\0';
	a->answer = grown;
	return add;
}

int
api_call(struct api *a, const char *method, const char *path, const char *json,
    long *status, cJSON **out, char *why, size_t whylen)
{
	struct curl_slist	*h = NULL;
	char			 url[URL_LEN];
	CURLcode		 c;
	int			 rc = -1;

	*out = NULL;
	*status = 0;
	a->len = 0;
	if (a->answer != NULL)
		a->answer[0] = '\0';
	if (snprintf(url, sizeof(url), "%s%s", a->base, path) >= (int)sizeof(url)) {
		snprintf(why, whylen, "URL too long");
		return -1;
	}
	curl_easy_reset(a->curl);
	if (json != NULL && (h = curl_slist_append(h, "Content-Type: application/json")) == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	curl_easy_setopt(a->curl, CURLOPT_URL, url);
	curl_easy_setopt(a->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(a->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(a->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(a->curl, CURLOPT_TIMEOUT_MS, TIMEOUT_MS);
	curl_easy_setopt(a->curl, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_MS);
	curl_easy_setopt(a->curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(a->curl, CURLOPT_WRITEDATA, a);
	if (json != NULL) {
		curl_easy_setopt(a->curl, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(a->curl, CURLOPT_POSTFIELDS, json);
	}
	if ((c = curl_easy_perform(a->curl)) != CURLE_OK) {
		snprintf(why, whylen, "%s %s: %s", method, url, curl_easy_strerror(c));
		goto cleanup;
	}
	curl_easy_getinfo(a->curl, CURLINFO_RESPONSE_CODE, status);
	if (a->len > 0)
		*out = cJSON_ParseWithLength(a->answer, a->len);
	rc = 0;
cleanup:
	curl_slist_free_all(h);
	return rc;
}
