#!/usr/bin/env node
// player-heap.t: the page's JS heap stays within 10% over 300 photo changes
// (PLAYER_HEAP_CHANGES), rotation_interval 1 s, measured through the
// DevTools protocol (HeapProfiler.collectGarbage, then Runtime.getHeapUsage).
'use strict';
const t = require('../lib/player.js');

const CHANGES = Number(process.env.PLAYER_HEAP_CHANGES) || 300;

async function heap(page) {
	await page.cdp.send('HeapProfiler.enable');
	await page.cdp.send('HeapProfiler.collectGarbage');
	await t.sleep(200);
	await page.cdp.send('HeapProfiler.collectGarbage');
	return (await page.cdp.send('Runtime.getHeapUsage')).usedSize;
}

t.main(async () => {
	const U = t.newUser();
	const photos = [];
	for (let i = 0; i < 6; i++)
		photos.push({ id: `${U}_h${i}`, w: i % 3 ? 1600 : 900, h: i % 3 ? 900 : 1350, rgb: [30 * i, 120, 250 - 30 * i] });
	await t.show(U, 'heap', photos, { interval: 1, shuffle: true });

	const b = await t.browser();
	const page = await t.open(b, `/frame/?frame_id=heap&user_id=${U}&poll=2&info=1`);
	let st = await t.shown(page, 20, 60000);
	t.ok(st, 'the show runs (20 photo changes to warm up)');
	const base = await heap(page);
	const from = (await t.state(page)).displays;
	const started = Date.now();
	st = await t.shown(page, from + CHANGES - 1, CHANGES * 1500 + 30000);
	t.ok(st, `${CHANGES} more photo changes (${((Date.now() - started) / 1000).toFixed(0)} s)`);
	const last = await heap(page);
	const pct = (last - base) / base * 100;
	t.diag(`JS heap after GC: ${(base / 1024).toFixed(0)} KiB after the warm-up, ` +
	    `${(last / 1024).toFixed(0)} KiB after ${CHANGES} changes (${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%)`);
	t.ok(last <= base * 1.1, `the JS heap stays within 10% over ${CHANGES} photo changes (${pct.toFixed(1)}%)`);
	const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
	t.ok(nodes < 40, `the page keeps no old photos in its DOM (${nodes} elements)`);
});
