#!/usr/bin/env node
// player-offline.t: the service stops mid-show (the test stack's nginx,
// stopped by its PID): the photos keep changing for PLAYER_OFFLINE_S
// seconds (default 60, the issue's) with no error on screen, a page opened
// meanwhile shows them from the service worker's cache, and once nginx is
// back the frame catches up (a photo added meanwhile shows; the hits made
// offline are recorded).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const t = require('../lib/player.js');

const OFFLINE_S = Number(process.env.PLAYER_OFFLINE_S) || 60;
const PIDFILE = path.join(process.env.MEDIA_RUN_DIR, 'nginx.pid');

function alive(pid) {
	try { process.kill(pid, 0); return true; } catch (e) { return false; }
}
async function stopNginx() {
	const pid = Number(fs.readFileSync(PIDFILE, 'utf8'));
	process.kill(pid, 'SIGQUIT');
	await t.waitFor(() => !alive(pid), 10000, 100);
	return !alive(pid);
}
function startNginx() {
	execFileSync(path.join(t.ROOT, 'tools', 'stack.sh'), ['start'], { stdio: 'ignore' });
}

t.main(async () => {
	const U = t.newUser();
	const P = (id) => U + '_' + id;
	const s = await t.show(U, 'away', [
		{ id: P('o1'), w: 1600, h: 900, rgb: [200, 80, 80] },
		{ id: P('o2'), w: 1600, h: 900, rgb: [80, 200, 80] },
		{ id: P('o3'), w: 1600, h: 900, rgb: [80, 80, 200] },
	], { interval: 2 });
	// A fourth photo, added to the playlist while the service is away... once it is back.
	await t.photo(U, P('o4'), 1600, 900, [230, 230, 60]);

	const b = await t.browser();
	const page = await t.open(b, `/frame/?frame_id=away&user_id=${U}&poll=2`);
	const ready = await t.waitFor(() => page.evaluate(() => !!navigator.serviceWorker.controller), 10000, 100);
	t.ok(ready, 'the service worker controls the page');
	let st = await t.shown(page, 3, 15000);
	t.ok(st, 'the show is on (4 photos shown)');

	let down = false;
	try {
		down = await stopNginx();
		t.ok(down, 'the test stack\'s nginx is stopped (by its PID)');
		const health = await fetch(t.URL_BASE + '/health').then(() => 'up', () => 'unreachable');
		t.is(health, 'unreachable', 'the service cannot be reached');

		const before = (await t.state(page)).displays;
		const seen = new Set(), problems = [];
		const end = Date.now() + OFFLINE_S * 1000;
		let shotTaken = false;
		while (Date.now() < end) {
			await t.sleep(1000);
			const v = await page.evaluate(() => {
				const on = [...document.querySelectorAll('.slide.on')];
				return { ids: on.map((e) => e.dataset.photos), sleeping: window.frameState.sleeping,
				    text: document.body.innerText.trim(),
				    broken: [...document.querySelectorAll('img')].filter((i) => !i.complete || !i.naturalWidth).length };
			});
			v.ids.forEach((x) => seen.add(x));
			if (v.sleeping || v.text || v.broken || !v.ids.length)
				problems.push(JSON.stringify(v));
			if (!shotTaken && Date.now() > end - OFFLINE_S * 500) {
				t.diag('screenshot: ' + await t.shot(page, 'offline'));
				shotTaken = true;
			}
		}
		const after = (await t.state(page)).displays;
		const want = Math.floor(OFFLINE_S / 2) - 3;
		t.ok(after - before >= want, `for ${OFFLINE_S} s away the photos kept changing: ${after - before} displays (at least ${want})`);
		t.is(seen.size, 3, `all three photos were shown meanwhile (${[...seen].join(' ')})`);
		t.is(problems.slice(0, 3).join('; '), '', 'never asleep, never a text or a broken image on screen: no error visible');

		// A page opened while the service is away: the service worker's copy.
		const p2 = await t.open(b, `/frame/?frame_id=away&user_id=${U}&poll=2`);
		const st2 = await t.shown(p2, 1, 15000);
		t.ok(st2, 'a page opened while the service is away shows the photos from the service worker');
		await p2.close();
	} finally {
		startNginx();
	}
	const back = await t.waitFor(() => fetch(t.URL_BASE + '/health').then((r) => r.ok, () => false), 20000);
	t.ok(back, 'nginx is back');

	// Catching up: a photo added now shows within a check and a cycle.
	let r = await t.api('POST', `/playlists/${s.playlist_id}/photos?user_id=${U}`, { photo_ids: [P('o4')] });
	t.is(r.status, 200, '(a fourth photo is added to the playlist)');
	const got = await t.waitFor(async () => (await t.state(page)).history.slice(-4).includes(P('o4')), 30000, 200);
	t.ok(got, 'the frame catches up when the service is back: the new photo is shown');

	// The hits made while away were sent once the service was back.
	st = await t.state(page);
	await page.close();
	await t.sleep(1500);
	r = await t.api('GET', `/cache/frame/away?user_id=${U}&status=all&limit=100`);
	const hits = r.body.reduce((n, e) => n + e.hit_count, 0);
	t.ok(hits >= st.displays - 2 && hits <= st.displays + 2,
	    `the hits of the outage were recorded afterwards (${st.displays} displays, ${hits} hits)`);
});
