#!/usr/bin/env node
// player-basic.t: the frame player (issue 12) in headless Chromium: served
// by nginx at /frame/ within 40 KB and nothing from elsewhere; a photo
// shown, then the next after rotation_interval (2 s); a photo that fails to
// load skipped; register sets the frame profile to the viewport (and
// &register=0 does not); every display of a cached photo is a hit; the
// &info=1 caption. Reports (never asserts) the time from opening the page
// to its first photo on screen, measured through the DevTools protocol.
'use strict';
const fs = require('fs');
const path = require('path');
const t = require('../lib/player.js');

t.main(async () => {
	// The page: static files, small, self-contained.
	const dir = path.join(t.ROOT, 'frame');
	const files = fs.readdirSync(dir);
	const bytes = files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
	t.ok(bytes <= 40 * 1024, `the player is at most 40 KB in all (${bytes} bytes: ${files.join(', ')})`);
	let r = await t.api('GET', t.URL_BASE + '/frame/');
	t.is(r.status, 200, 'GET /frame/ answers 200');
	t.ok(/text\/html/.test(r.headers.get('content-type')), 'as HTML');
	const all = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
	t.ok(!/(src|href)=["']?(https?:)?\/\//.test(all) && !/import\s|require\(/.test(all),
	    'no framework, no CDN: nothing is loaded from another origin');
	for (const f of ['player.js', 'player.css', 'sw.js']) {
		r = await t.api('GET', t.URL_BASE + '/frame/' + f);
		t.is(r.text, fs.readFileSync(path.join(dir, f), 'utf8'), `nginx serves frame/${f} as is`);
	}
	r = await t.api('GET', t.URL_BASE + '/frame/nothing.js');
	t.is(r.status + ' ' + (r.body && r.body.code), '404 not_found', 'a missing file is the JSON 404');

	// A show of three landscape photos and one that is no photo at all.
	const U = t.newUser();
	const photos = [
		{ id: U + '_a', w: 1600, h: 900, rgb: [200, 60, 40] },
		{ id: U + '_bad', bad: true },
		{ id: U + '_b', w: 1600, h: 900, rgb: [40, 140, 200] },
		{ id: U + '_c', w: 1600, h: 900, rgb: [60, 180, 70] },
	];
	const s = await t.show(U, 'den', photos, { interval: 2, transition: 5,
	    profile: { display_width: 640, display_height: 360 } });
	r = await t.api('PUT', `/metadata/${U}_a?user_id=${U}`,
	    { location_name: 'Lisbon', photo_taken_at: '2024-06-01T10:00:00Z' });
	t.is(r.status, 200, '(a place and a date for the caption)');

	const b = await t.browser();
	const url = `/frame/?frame_id=den&user_id=${U}&poll=2&info=1`;
	const page = await t.open(b, url, { width: 1280, height: 720, deviceScaleFactor: 1 });
	let st = await t.shown(page, 0, 20000);
	t.ok(st, 'a photo is shown');
	if (!st)
		return;
	const first = st.history[0];
	const cdp0 = await page.createCDPSession();
	const cold = (await cdp0.send('Runtime.evaluate', { returnByValue: true, expression:
	    'performance.getEntriesByName("frame-first-photo")[0].startTime' })).result.value;
	await t.sleep(1100);	// the cross-fade: min(5, 2 / 2) = 1 s
	const f1 = await t.shot(page, 'first');
	t.ok(fs.statSync(f1).size > 5000, `screenshot: ${f1}`);
	const vis = await page.evaluate(() => {
		const on = document.querySelector('.slide.on[data-photos]:last-of-type, .slide.on');
		const img = on && on.querySelector('img');
		return { ids: on && on.dataset.photos, w: img && img.naturalWidth,
		    op: on && getComputedStyle(on).opacity, caption: (on.querySelector('.caption') || {}).textContent };
	});
	t.ok(vis.w > 0 && vis.op === '1', `the photo is on screen, loaded (${vis.w} px wide), opacity ${vis.op}`);

	// The next one after rotation_interval.
	const t0 = Date.now();
	st = await t.shown(page, 1, 6000);
	const dt = (Date.now() - t0) / 1000;
	t.ok(st && st.history[1] !== first, `the next photo follows (${first} then ${st && st.history[1]})`);
	await t.sleep(1100);
	t.diag('screenshot: ' + await t.shot(page, 'next'));
	st = await t.shown(page, 4, 12000);
	const times = await page.evaluate(() => window.frameState.history.length);
	t.ok(times >= 5, 'and the show goes on');
	t.ok(dt < 2.6, `the second photo came within rotation_interval (${dt.toFixed(2)} s after the first was measured)`);
	// The interval between displays, measured in the page.
	const iv = await page.evaluate(() => new Promise((res) => {
		const n0 = window.frameState.displays, start = performance.now();
		const id = setInterval(() => {
			if (window.frameState.displays >= n0 + 2) {
				clearInterval(id);
				res((performance.now() - start) / 2);
			}
		}, 20);
	}));
	t.ok(iv > 1500 && iv < 2600, `a photo stays rotation_interval: ${(iv / 1000).toFixed(2)} s per photo`);

	st = await t.state(page);
	t.ok(!st.history.some((h) => h.includes('_bad')), 'the photo that cannot load is never shown');
	t.ok(new Set(st.history).size === 3, `the three good ones all are (${[...new Set(st.history)].join(' ')})`);
	const broken = await page.evaluate(() => [...document.querySelectorAll('img')]
	    .filter((i) => !i.complete || i.naturalWidth === 0).length);
	t.is(broken, 0, 'no broken image is ever on the page');

	// The caption of &info=1: date taken and place.
	const cap = await t.waitFor(() => page.evaluate(() => {
		const c = [...document.querySelectorAll('.slide.on .caption')].map((e) => e.textContent).join('|');
		return /Lisbon/.test(c) ? c : null;
	}), 12000, 100);
	t.ok(cap && /2024/.test(cap), `&info=1 shows a caption with date and place: "${cap}"`);
	await t.sleep(1100);
	t.diag('screenshot: ' + await t.shot(page, 'caption'));

	// register: the profile is the viewport in device pixels.
	r = await t.api('GET', `/frames/den?user_id=${U}`);
	t.is(`${r.body.display_width}x${r.body.display_height}`, '1280x720',
	    'register set the frame profile to the viewport size (was 640x360)');

	// Hits: one per display of a cached photo.
	st = await t.state(page);
	await page.close();
	await t.sleep(1000);
	r = await t.api('GET', `/cache/frame/den?user_id=${U}&status=all&limit=100`);
	const allHits = r.body.reduce((n, e) => n + e.hit_count, 0);
	t.ok(allHits >= st.displays && allHits <= st.displays + 2,
	    `each display was recorded as a hit (${st.displays} displays, ${allHits} hits)`);

	// &register=0 leaves the profile alone; a device scale of 2 doubles it.
	const p2 = await t.open(b, `/frame/?frame_id=den&user_id=${U}&poll=2&register=0`,
	    { width: 800, height: 600, deviceScaleFactor: 1 });
	await t.shown(p2, 0, 15000);
	r = await t.api('GET', `/frames/den?user_id=${U}`);
	t.is(`${r.body.display_width}x${r.body.display_height}`, '1280x720', '&register=0 does not register');
	await p2.close();
	const p3 = await t.open(b, `/frame/?frame_id=hidpi&user_id=${U}&poll=2`,
	    { width: 640, height: 400, deviceScaleFactor: 2 });
	r = await t.waitFor(async () => {
		const x = await t.api('GET', `/frames/hidpi?user_id=${U}`);
		return x.status === 200 ? x : null;
	}, 10000);
	t.is(r && `${r.body.display_width}x${r.body.display_height}`, '1280x800',
	    'a new frame registers in device pixels (640x400 at 2x: 1280x800)');
	const sleeping = await t.waitFor(() => p3.evaluate(() => window.frameState.sleeping), 10000);
	t.ok(sleeping, 'a frame with no schedule sleeps');
	await p3.close();

	// Time to the first photo on a warm stack, through the DevTools protocol:
	// the page's mark "frame-first-photo" against its navigation start.
	const times2 = [];
	for (let i = 0; i < 3; i++) {
		const pg = await b.newPage();
		await t.emulate(pg, { width: 1280, height: 720 });
		const cdp = pg.cdp;
		await cdp.send('Runtime.enable');
		await pg.goto(t.URL_BASE + `/frame/?frame_id=den&user_id=${U}&register=0`);
		await t.shown(pg, 0, 15000);
		const v = await cdp.send('Runtime.evaluate', { returnByValue: true, expression:
		    '(performance.getEntriesByName("frame-first-photo")[0] || {}).startTime' });
		times2.push(v.result.value);
		await pg.close();
	}
	t.ok(times2.every((x) => x > 0), 'the first photo time was measured');
	t.diag(`first photo on screen (its cross-fade starts), from navigation start: first open ` +
	    `(new browser profile, warm stack) ${Math.round(cold)} ms; opened again: ` +
	    times2.map((x) => Math.round(x) + ' ms').join(', '));
	t.is(page.errors.concat(p2.errors).join('; '), '', 'no script error on the page');
});
