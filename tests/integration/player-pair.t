#!/usr/bin/env node
// player-pair.t: on a landscape screen two portrait photos (the manifest's
// width/height) are shown side by side; a landscape photo alone; not on a
// portrait screen; not when the frame profile says pair_portraits false.
'use strict';
const t = require('../lib/player.js');

// The photos of each display over n displays after the first.
async function displays(page, n) {
	const st = await t.shown(page, n, 8000 + n * 2500);
	return st ? st.history : [];
}

t.main(async () => {
	const U = t.newUser();
	const P = (id) => U + '_' + id;
	await t.show(U, 'hall', [
		{ id: P('p1'), w: 900, h: 1350, rgb: [220, 120, 40] },
		{ id: P('l1'), w: 1600, h: 900, rgb: [40, 120, 220] },
		{ id: P('p2'), w: 900, h: 1350, rgb: [120, 40, 200] },
		{ id: P('l2'), w: 1600, h: 900, rgb: [40, 180, 90] },
	], { interval: 2 });

	const b = await t.browser();
	let page = await t.open(b, `/frame/?frame_id=hall&user_id=${U}&poll=2`, { width: 1280, height: 720 });
	let h = await displays(page, 3);
	t.ok(h.includes(`${P('p1')} ${P('p2')}`), `a landscape screen shows the two portraits as a pair (${h.join(' | ')})`);
	t.ok(h.includes(P('l1')) && h.includes(P('l2')), 'and each landscape photo alone');
	t.is(h.slice(0, 3).join(' | '), `${P('p1')} ${P('p2')} | ${P('l1')} | ${P('l2')}`,
	    'in the playlist\'s order, the second portrait brought forward beside the first');
	// The pair on screen: two images side by side, each half the width.
	await t.waitFor(() => page.evaluate(() => {
		const on = document.querySelector('.slide.on.pair');
		return on && getComputedStyle(on).opacity === '1';
	}), 10000, 50);
	const boxes = await page.evaluate(() => [...document.querySelectorAll('.slide.on.pair img')]
	    .map((i) => { const r = i.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.width), i.naturalWidth < i.naturalHeight]; }));
	t.ok(boxes.length === 2 && boxes[0][0] < boxes[1][0] && boxes.every((x) => x[1] > 500 && x[1] < 700 && x[2]),
	    `side by side, half the screen each, both portrait (${JSON.stringify(boxes)})`);
	t.diag('screenshot: ' + await t.shot(page, 'pair'));
	await page.close();

	// A portrait screen: one photo at a time.
	page = await t.open(b, `/frame/?frame_id=hall&user_id=${U}&poll=2&register=0`, { width: 720, height: 1280 });
	h = await displays(page, 4);
	t.ok(h.length >= 5 && h.every((x) => !x.includes(' ')), `a portrait screen shows no pair (${h.join(' | ')})`);
	await page.close();

	// pair_portraits false in the profile: no pair on a landscape screen either.
	let r = await t.api('PUT', `/frames/hall?user_id=${U}`, { pair_portraits: false });
	t.is(r.body && r.body.pair_portraits, false, 'PUT /frames pair_portraits false');
	page = await t.open(b, `/frame/?frame_id=hall&user_id=${U}&poll=2&register=0`, { width: 1280, height: 720 });
	h = await displays(page, 4);
	t.ok(h.length >= 5 && h.every((x) => !x.includes(' ')), `pair_portraits false: no pair (${h.join(' | ')})`);
	t.ok(h.includes(P('p1')) && h.includes(P('p2')), 'each portrait alone');
	await t.sleep(1100);
	t.diag('screenshot: ' + await t.shot(page, 'no-pair'));
	await page.close();
});
