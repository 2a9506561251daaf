/* player.js: the frame player (issue 12). Registers the display, follows
 * the frame's schedule in force and its manifest, shows the photos with a
 * cross-fade, pairs portraits on a landscape screen, sleeps with a clock
 * when nothing is in force, and keeps going when the service is away (the
 * service worker sw.js keeps the manifest and the photo files). No
 * framework: the README's "The frame player" lists the URL parameters. */
'use strict';
(function () {
	var q = new URLSearchParams(location.search);
	var FRAME = q.get('frame_id') || '', USER = q.get('user_id') || '';
	var API = '/api/v1/media';
	var UQ = '?user_id=' + encodeURIComponent(USER);
	/* &poll=N: seconds between checks of the schedule (default 60, the
	 * issue's; the browser tests shorten it). */
	var POLL_MS = Math.max(1, Number(q.get('poll')) || 60) * 1000;
	var INFO = q.get('info') === '1', REGISTER = q.get('register') !== '0';
	var LOAD_TIMEOUT_MS = 30000, REQ_TIMEOUT_MS = 8000;

	var slides = document.querySelectorAll('.slide'), cur = 0;
	var clock = document.getElementById('clock');
	var profile = { pair_portraits: true, fit: 'contain' }, registered = !REGISTER;
	var schedId = null, etag = null, text = null, manifest = null, changed = false;
	var cycle = [], pos = 0, shownInCycle = {}, lastItem = null;
	var nextAt = 0, pendingHits = [], meta = {};
	/* What the tests read (and a curious operator in the console). */
	var state = window.frameState = { displays: 0, history: [], sleeping: false, first_photo_ms: null };

	function path(p) { return API + p + UQ; }
	function req(method, p, body, headers) {
		/* A service that hangs is one that is away: the show goes on. */
		var o = { method: method, cache: 'no-store', headers: headers || {},
		    signal: AbortSignal.timeout(REQ_TIMEOUT_MS) };
		if (body) {
			o.body = JSON.stringify(body);
			o.headers['Content-Type'] = 'application/json';
		}
		return fetch(path(p), o);
	}
	function sleepMs(ms) {
		return new Promise(function (res) { setTimeout(res, Math.max(0, ms)); });
	}
	function enc(s) { return encodeURIComponent(s); }

	/* The display in device pixels, as renders are made for it. */
	async function register() {
		var dpr = window.devicePixelRatio || 1, r;
		try {
			if (!registered) {
				r = await req('PUT', '/frames/' + enc(FRAME), {
					display_width: Math.round(screen.width * dpr),
					display_height: Math.round(screen.height * dpr) });
				registered = r.ok;
			} else
				r = await req('GET', '/frames/' + enc(FRAME));
			if (r.ok)
				profile = await r.json();
		} catch (e) { /* the service is away: keep the profile we have */ }
		document.body.classList.toggle('cover', profile.fit === 'cover');
	}

	/* The schedule in force and its manifest. Any failure keeps what we
	 * have: a frame shows its photos through an outage, and says nothing. */
	async function refresh() {
		var r, s, h = {}, t;
		await register();
		try {
			r = await req('GET', '/schedules/frame/' + enc(FRAME));
			if (r.status === 404)
				return setManifest(null, null, null);
			if (!r.ok)
				return;
			s = await r.json();
			if (s.schedule_id === schedId && etag)
				h['If-None-Match'] = etag;
			r = await req('GET', '/schedules/' + enc(s.schedule_id) + '/photos', null, h);
			if (r.status === 304)
				return flushHits();
			if (r.status === 404)
				return setManifest(null, null, null);
			if (!r.ok)
				return;
			t = await r.text();
			setManifest(s.schedule_id, r.headers.get('ETag'), t);
			flushHits();
		} catch (e) { /* unreachable */ }
	}

	function setManifest(id, tag, t) {
		var m = null;
		if (t !== null) {
			try { m = JSON.parse(t); } catch (e) { return; }
		}
		schedId = id;
		etag = tag;
		if (t === text)
			return;
		text = t;
		manifest = m && m.in_force && m.photos.length ? m : null;
		changed = true;
		tellWorker();
	}

	/* The service worker keeps the manifest in force and its photo files
	 * (and drops the others). It is given the manifest itself: while it is
	 * unchanged the service answers 304, with no body to keep. */
	function tellWorker() {
		var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
		if (!sw || !manifest)
			return;
		sw.postMessage({ keep: manifest.photos.map(function (p) { return p.url; }),
		    manifest: { url: path('/schedules/' + enc(schedId) + '/photos'), text: text, etag: etag } });
	}

	function portrait(p) { return p.width > 0 && p.height > p.width; }
	function landscapeScreen() { return window.innerWidth > window.innerHeight; }

	/* One cycle: every photo once, in the manifest's order or, with
	 * shuffle, a new random one (Fisher-Yates); the last photo of the cycle
	 * before never comes first. On a landscape screen a portrait takes the
	 * next portrait of the cycle beside it. */
	function makeCycle(photos) {
		var order = photos.slice(), i, j, t, items = [], pair, last;
		if (manifest.shuffle) {
			for (i = order.length - 1; i > 0; i--) {
				j = Math.floor(Math.random() * (i + 1));
				t = order[i]; order[i] = order[j]; order[j] = t;
			}
			last = lastItem ? lastItem.map(function (p) { return p.photo_id; }) : [];
			if (order.length > 1 && last.indexOf(order[0].photo_id) >= 0) {
				j = 1 + Math.floor(Math.random() * (order.length - 1));
				t = order[0]; order[0] = order[j]; order[j] = t;
			}
		}
		pair = profile.pair_portraits !== false && landscapeScreen();
		while (order.length) {
			t = [order.shift()];
			if (pair && portrait(t[0]))
				for (i = 0; i < order.length; i++)
					if (portrait(order[i])) {
						t.push(order.splice(i, 1)[0]);
						break;
					}
			items.push(t);
		}
		return items;
	}

	function nextItem() {
		var rest;
		if (changed) {
			/* A new manifest: the photos not yet shown in this cycle first. */
			changed = false;
			rest = manifest.photos.filter(function (p) { return !shownInCycle[p.photo_id]; });
			if (!rest.length)
				rest = manifest.photos, shownInCycle = {};
			cycle = makeCycle(rest);
			pos = 0;
		} else if (pos >= cycle.length) {
			shownInCycle = {};
			cycle = makeCycle(manifest.photos);
			pos = 0;
		}
		return cycle[pos++];
	}

	/* A photo loaded and decoded before it is shown; null if it fails. */
	function load(p) {
		var img = new Image();
		img.decoding = 'async';
		img.alt = '';
		img.src = p.url;
		return Promise.race([img.decode().then(function () { return img; }),
		    new Promise(function (res) { setTimeout(res, LOAD_TIMEOUT_MS, null); })])
		    .catch(function () { return null; });
	}

	async function caption(p) {
		var m = meta[p.photo_id], r, d, parts = [];
		if (m === undefined) {
			try {
				r = await req('GET', '/metadata/' + enc(p.photo_id));
				m = r.ok ? await r.json() : null;
			} catch (e) { m = null; }
			if (m)
				meta[p.photo_id] = m;
		}
		if (!m)
			return '';
		if (m.photo_taken_at && !isNaN(d = new Date(m.photo_taken_at)))
			parts.push(d.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' }));
		if (m.location_name)
			parts.push(m.location_name);
		return parts.join(' · ');
	}

	function show(item, imgs, caps) {
		var next = slides[cur ^ 1], prev = slides[cur], fade, c, now;
		fade = Math.min(manifest.transition_duration || 0, manifest.rotation_interval / 2);
		next.replaceChildren.apply(next, imgs);
		caps = caps.filter(Boolean);
		if (caps.length) {
			c = document.createElement('div');
			c.className = 'caption';
			c.textContent = caps.join('\n');
			next.appendChild(c);
		}
		next.className = 'slide' + (imgs.length > 1 ? ' pair' : '');
		next.dataset.photos = item.map(function (p) { return p.photo_id; }).join(' ');
		next.style.transitionDuration = fade + 's';
		next.style.zIndex = 2;
		prev.style.zIndex = 1;
		void next.offsetWidth;	/* start the transition from opacity 0 */
		next.classList.add('on');
		setTimeout(function () {
			prev.classList.remove('on');
			prev.style.transitionDuration = '0s';
			prev.replaceChildren();
		}, fade * 1000 + 50);
		cur ^= 1;
		now = performance.now();
		if (state.first_photo_ms === null) {
			state.first_photo_ms = now;
			performance.mark('frame-first-photo');
		}
		state.displays++;
		state.history.push(next.dataset.photos);
		if (state.history.length > 1000)
			state.history.splice(0, 500);
		item.forEach(function (p) {
			shownInCycle[p.photo_id] = true;
			if (p.cached && p.cache_id)
				hit(p.cache_id);
		});
		lastItem = item;
	}

	/* Each display of a cached photo counts (PUT /cache/{id}/hit); hits made
	 * while the service is away are sent when it is back. */
	function hit(id) {
		req('PUT', '/cache/' + enc(id) + '/hit').then(function (r) {
			if (r.status >= 500)
				throw r;
		}).catch(function () {
			if (pendingHits.length < 1000)
				pendingHits.push(id);
		});
	}
	function flushHits() {
		var ids = pendingHits;
		pendingHits = [];
		ids.forEach(hit);
	}

	function sleeping(on) {
		if (state.sleeping === on)
			return;
		state.sleeping = on;
		document.body.classList.toggle('sleeping', on);
		if (on) {
			slides.forEach(function (s) { s.classList.remove('on'); s.replaceChildren(); });
			lastItem = null;
			tick();
		}
	}
	function tick() {
		var d = new Date();
		clock.textContent = String(d.getHours()).padStart(2, '0') + ':' +
		    String(d.getMinutes()).padStart(2, '0');
	}

	async function run() {
		var item, loaded, imgs, caps, misses = 0, checkedAt;
		await refresh();
		checkedAt = Date.now();
		for (;;) {
			if (Date.now() - checkedAt >= POLL_MS) {
				await refresh();
				checkedAt = Date.now();
			}
			if (!manifest) {
				sleeping(true);
				await sleepMs(POLL_MS - (Date.now() - checkedAt));
				continue;
			}
			if (pos >= cycle.length && !changed && cycle.length) {
				await refresh();	/* the end of a cycle */
				checkedAt = Date.now();
				if (!manifest)
					continue;
			}
			item = nextItem();
			loaded = await Promise.all(item.map(load));
			imgs = loaded.filter(Boolean);
			if (!imgs.length) {
				/* Skipped, never shown broken; a cycle of failures waits. */
				if (++misses >= manifest.photos.length) {
					misses = 0;
					await sleepMs(Math.min(POLL_MS, 5000));
				}
				continue;
			}
			misses = 0;
			item = item.filter(function (p, i) { return loaded[i]; });
			caps = INFO ? await Promise.all(item.map(caption)) : [];
			await sleepMs(nextAt - performance.now());
			if (!manifest)
				continue;
			sleeping(false);
			show(item, imgs, caps);
			nextAt = performance.now() + manifest.rotation_interval * 1000;
		}
	}

	setInterval(tick, 10000);
	if ('serviceWorker' in navigator) {
		navigator.serviceWorker.register('sw.js').catch(function () {});
		navigator.serviceWorker.addEventListener('controllerchange', tellWorker);
	}
	run();
})();
