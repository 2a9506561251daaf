/* fetch.c: HTTP with libcurl: storage URLs, the allowed hosts, size caps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "config.h"
#include "listener.h"
#include "status.h"
#include "valid.h"

#define CONNECT_TIMEOUT_MS	3000L

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

size_t
fetch_buf_write(char *p, size_t size, size_t n, void *userdata)
{
	struct buf	*b = userdata;
	size_t		 add = size * n, ncap;
	unsigned char	*nd;

	if (b->len + add > b->max)
		return 0;	/* over the cap: libcurl fails the transfer */
	if (b->len + add > b->cap) {
		ncap = b->cap ? b->cap : 65536;
		while (ncap < b->len + add)
			ncap *= 2;
		if ((nd = realloc(b->data, ncap)) == NULL)
			return 0;
		b->data = nd;
		b->cap = ncap;
	}
	memcpy(b->data + b->len, p, add);
	b->len += add;
	return add;
}

/* host[:port] of url into out; false if it has none or is not http(s). */
static bool
url_authority(const char *url, char *out, size_t outlen)
{
	CURLU	*u = curl_url();
	char	*scheme = NULL, *host = NULL, *port = NULL;
	bool	 ok = false;

	if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto cleanup;
	if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)
		goto cleanup;
	/* The port the connection will use: the URL's, else the scheme's. */
	if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
		goto cleanup;
	ok = snprintf(out, outlen, "%s:%s", host, port) < (int)outlen;
cleanup:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

/* Contract §4: only hosts of MEDIA_STORAGE_ALLOWED_HOSTS (host[:port],
 * comma-separated), by default the template's host and port. Host and
 * port must both match (issue 10 finding 2): an entry without a port is
 * the scheme's default port, never every port, which would open every
 * service of that host (with the default template: nginx itself, and so
 * the storage of every user). Fetching whatever URL an event names would
 * let any publisher make us read internal services (SSRF). */
bool
fetch_allowed(const char *url)
{
	const char	*list = getenv("MEDIA_STORAGE_ALLOWED_HOSTS");
	char		 auth[300], tmpl[300], entry[300];
	const char	*p, *e;
	size_t		 n, hlen;

	if (!url_authority(url, auth, sizeof(auth)))
		return false;
	if (list == NULL || *list == '\0') {
		if (!url_authority(config_get()->storage_url_template, tmpl, sizeof(tmpl)))
			return false;
		list = tmpl;
	}
	hlen = strrchr(auth, ':') - auth;
	for (p = list; *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, ",");
		while (p < e && *p == ' ')
			p++;
		n = (size_t)(e - p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0 || n >= sizeof(entry))
			continue;
		memcpy(entry, p, n);
		entry[n] = '\0';
		if (strcasecmp(entry, auth) == 0)
			return true;
		/* No port: the scheme's default one only (80 or 443). */
		if (strchr(entry, ':') == NULL && strlen(entry) == hlen &&
		    strncasecmp(entry, auth, hlen) == 0 &&
		    (strcmp(auth + hlen, ":80") == 0 || strcmp(auth + hlen, ":443") == 0))
			return true;
	}
	return false;
}

/* Append s to out (at most cap bytes with the NUL); false if it is full. */
static bool
append(char *out, size_t cap, size_t *off, const char *s, size_t n)
{
	if (*off + n >= cap)
		return false;
	memcpy(out + *off, s, n);
	*off += n;
	out[*off] = '\0';
	return true;
}

char *
fetch_storage_url(const char *user_id, const char *file_id)
{
	const char	*t = config_get()->storage_url_template, *p;
	size_t		 cap = strlen(t) + 2 * 64 + 1, off = 0;
	char		*out;

	/* Ids are checked by valid_is_id: [A-Za-z0-9_.:-], safe in a path. */
	if ((out = malloc(cap)) == NULL)
		return NULL;
	out[0] = '\0';
	for (p = t; *p != '\0';) {
		bool	ok;

		if (strncmp(p, "{file_id}", 9) == 0) {
			ok = append(out, cap, &off, file_id, strlen(file_id));
			p += 9;
		} else if (strncmp(p, "{user_id}", 9) == 0) {
			ok = append(out, cap, &off, user_id, strlen(user_id));
			p += 9;
		} else
			ok = append(out, cap, &off, p++, 1);
		if (!ok) {
			free(out);
			return NULL;
		}
	}
	return out;
}

bool
fetch_owner_url(const char *url, const char *owner)
{
	char	*mine = fetch_storage_url(owner, "{file_id}");
	char	*at;
	size_t	 pre, suf, n = strlen(url);
	bool	 ok = false;

	/* The template with the owner in it; {file_id} marks where any valid
	 * id may stand. fetch_storage_url copies "{file_id}" as it is. */
	if (mine == NULL || strstr(config_get()->storage_url_template, "{user_id}") == NULL)
		goto cleanup;
	if ((at = strstr(mine, "{file_id}")) == NULL) {
		ok = strcmp(url, mine) == 0;
		goto cleanup;
	}
	pre = (size_t)(at - mine);
	suf = strlen(at + 9);
	if (n > pre + suf && strncmp(url, mine, pre) == 0 &&
	    strcmp(url + n - suf, at + 9) == 0) {
		char	 id[64];

		if (n - pre - suf < sizeof(id)) {
			memcpy(id, url + pre, n - pre - suf);
			id[n - pre - suf] = '\0';
			ok = valid_is_id(id);
		}
	}
cleanup:
	free(mine);
	return ok;
}

CURL *
fetch_easy(const char *url, long timeout_ms)
{
	CURL	*c;

	if ((c = curl_easy_init()) == NULL)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "media-listener");
	return c;
}

/* Run c, sort the outcome into a status and a reason. */
static int
perform(CURL *c, char *err, size_t errlen)
{
	CURLcode	 cc;
	long		 code = 0;

	if ((cc = curl_easy_perform(c)) != CURLE_OK) {
		snprintf(err, errlen, "%s", curl_easy_strerror(cc));
		return cc == CURLE_WRITE_ERROR || cc == CURLE_FILESIZE_EXCEEDED ?
		    ST_INVALID : ST_UNAVAILABLE;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 200 && code < 300)
		return ST_OK;
	snprintf(err, errlen, "HTTP %ld", code);
	return code >= 500 || code == 429 || code == 408 ? ST_UNAVAILABLE : ST_INVALID;
}

int
fetch_get(const char *url, long timeout_ms, struct buf *out, char *err,
    size_t errlen)
{
	CURL	*c;
	int	 rc;

	if ((c = fetch_easy(url, timeout_ms)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return ST_UNAVAILABLE;
	}
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)out->max);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_buf_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	rc = perform(c, err, errlen);
	curl_easy_cleanup(c);
	return rc;
}

int
fetch_post_json(const char *url, const char *json, long timeout_ms,
    struct buf *out, char *err, size_t errlen)
{
	struct curl_slist	*hdr = NULL;
	CURL			*c;
	int			 rc = ST_UNAVAILABLE;

	snprintf(err, errlen, "out of memory");
	if ((c = fetch_easy(url, timeout_ms)) == NULL ||
	    (hdr = curl_slist_append(NULL, "Content-Type: application/json")) == NULL)
		goto cleanup;
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_buf_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	rc = perform(c, err, errlen);
cleanup:
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	return rc;
}
