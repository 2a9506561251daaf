#!/usr/bin/env node
// player-shuffle.t: with shuffle, each cycle is a new random order of all
// N photos: none twice before all were shown, and the last of a cycle
// never first in the next; over 3 cycles (and more).
'use strict';
const t = require('../lib/player.js');

t.main(async () => {
	const U = t.newUser();
	const N = 5;
	const photos = [];
	for (let i = 0; i < N; i++)
		photos.push({ id: `${U}_s${i}`, w: 1200, h: 800, rgb: [40 + 40 * i, 200 - 30 * i, 120] });
	await t.show(U, 'shuf', photos, { interval: 1, shuffle: true });

	const b = await t.browser();
	const page = await t.open(b, `/frame/?frame_id=shuf&user_id=${U}&poll=2`);
	const CYCLES = 4;
	const st = await t.shown(page, N * CYCLES, N * CYCLES * 1500 + 10000);
	t.ok(st, `${N * CYCLES} photos were shown`);
	const h = st ? st.history.slice(0, N * CYCLES) : [];
	const cycles = [];
	for (let c = 0; c < CYCLES; c++)
		cycles.push(h.slice(c * N, (c + 1) * N));
	cycles.forEach((c, i) => t.is(new Set(c).size, N,
	    `cycle ${i + 1} shows all ${N} photos, none twice: ${c.map((x) => x.replace(U + '_', '')).join(' ')}`));
	for (let i = 1; i < CYCLES; i++)
		t.ok(cycles[i][0] !== cycles[i - 1][N - 1], `the last photo of cycle ${i} is not the first of cycle ${i + 1}`);
	let repeatsEarly = 0;
	for (let i = 0; i < h.length; i++) {
		const start = Math.floor(i / N) * N;
		if (h.slice(start, i).includes(h[i]))
			repeatsEarly++;
	}
	t.is(repeatsEarly, 0, 'no photo repeats before all were shown');
	const orders = new Set(cycles.map((c) => c.join(' ')));
	t.diag(`${orders.size} different orders in ${CYCLES} cycles`);
	t.ok(orders.size >= 2, 'the order changes from cycle to cycle');
	await t.sleep(600);
	t.diag('screenshot: ' + await t.shot(page, 'shuffle'));
});
