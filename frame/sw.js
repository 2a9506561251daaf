/* sw.js: the frame player's service worker (issue 12). The frame keeps
 * showing what it has while the service is away: the player's own files
 * and the API answers are network first, kept, and served from the cache
 * when the network fails; photo files (which never change under their
 * URL) are cache first. The page says which photo URLs the current
 * manifest names; the others are dropped, so the cache stays that size. */
'use strict';
var CACHE = 'frame-v1';
var SHELL = ['./', 'player.js', 'player.css'];

self.addEventListener('install', function (e) {
	e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); })
	    .then(function () { return self.skipWaiting(); }));
});
self.addEventListener('activate', function (e) {
	e.waitUntil(self.clients.claim());
});

function isPhoto(url) {
	return url.pathname.indexOf('/cached/') === 0 || url.pathname.indexOf('/storage/') === 0;
}

/* Network first; a 200 is kept under key (the page always asks the same
 * URLs), and given back when the network fails. */
function networkFirst(req, key) {
	return fetch(req).then(function (r) {
		if (r.status === 200) {
			var copy = r.clone();
			caches.open(CACHE).then(function (c) { return c.put(key, copy); });
		}
		return r;
	}).catch(function (err) {
		return caches.open(CACHE).then(function (c) {
			return c.match(key);
		}).then(function (hit) {
			if (hit)
				return hit;
			throw err;
		});
	});
}
function cacheFirst(req) {
	return caches.open(CACHE).then(function (c) {
		return c.match(req.url).then(function (hit) {
			return hit || fetch(req).then(function (r) {
				if (r.status === 200)
					c.put(req.url, r.clone());
				return r;
			});
		});
	});
}

self.addEventListener('fetch', function (e) {
	var req = e.request, url = new URL(req.url);
	if (req.method !== 'GET' || url.origin !== self.location.origin)
		return;
	if (isPhoto(url))
		e.respondWith(cacheFirst(req));
	else if (url.pathname.indexOf('/api/v1/media/schedules/') === 0 ||
	    url.pathname.indexOf('/api/v1/media/frames/') === 0 ||
	    url.pathname.indexOf('/api/v1/media/metadata/') === 0)
		e.respondWith(networkFirst(req, req.url));
	else if (url.pathname.indexOf('/frame/') === 0)
		/* The page itself, whatever its query, is kept as ./ */
		e.respondWith(networkFirst(req, req.mode === 'navigate' ?
		    new URL('./', self.location).href : req.url));
});

/* {keep: [urls], manifest: {url, text, etag}}: the current manifest (kept
 * as the answer to its URL) and its photo files (the others go). */
self.addEventListener('message', function (e) {
	var keep = {}, m = e.data && e.data.manifest;
	if (!e.data || !Array.isArray(e.data.keep))
		return;
	e.data.keep.forEach(function (u) { keep[new URL(u, self.location).href] = true; });
	e.waitUntil(caches.open(CACHE).then(function (c) {
		if (m && typeof m.text === 'string')
			c.put(new URL(m.url, self.location).href, new Response(m.text, { headers:
			    { 'Content-Type': 'application/json', 'ETag': m.etag || '' } }));
		return c.keys().then(function (reqs) {
			return Promise.all(reqs.map(function (r) {
				if (isPhoto(new URL(r.url)) && !keep[r.url])
					return c.delete(r);
			}));
		});
	}));
});
