#!/usr/bin/env node
// player-sleep.t: a frame whose schedule's window is closed sleeps (a black
// screen with a small clock), checking every poll; it wakes when the window
// opens (a time_based window made around "now": from the next minute on),
// and sleeps again when the schedule stops being in force.
'use strict';
const t = require('../lib/player.js');

function hhmm(d) { return d.toISOString().slice(11, 16); }

t.main(async () => {
	const U = t.newUser();
	let opensAt;
	const s = await t.show(U, 'bed', [
		{ id: U + '_n1', w: 1600, h: 900, rgb: [230, 180, 60] },
		{ id: U + '_n2', w: 1600, h: 900, rgb: [60, 90, 200] },
	], { interval: 2, schedule: () => {
		// The next minute, or the one after when it is too close to open
		// before the page is looked at.
		const now = new Date();
		opensAt = new Date(Math.ceil((now.getTime() + 1) / 60000) * 60000);
		if (opensAt - now < 25000)
			opensAt = new Date(opensAt.getTime() + 60000);
		return { schedule_type: 'time_based', start_time: hhmm(opensAt),
		    end_time: hhmm(new Date(opensAt.getTime() + 10 * 60000)),
		    days_of_week: [0, 1, 2, 3, 4, 5, 6], timezone: 'UTC' };
	} });
	t.diag(`window opens at ${opensAt.toISOString()} (now ${new Date().toISOString()})`);
	let r = await t.api('GET', `/schedules/frame/bed?user_id=${U}`);
	t.is(r.status, 404, '(nothing is in force before the window)');

	const b = await t.browser();
	const page = await t.open(b, `/frame/?frame_id=bed&user_id=${U}&poll=2`);
	const asleep = await t.waitFor(() => page.evaluate(() => window.frameState.sleeping), 10000, 100);
	t.ok(asleep, 'the frame sleeps while the window is closed');
	const look = await page.evaluate(() => ({
		clock: document.getElementById('clock').textContent,
		clockShown: getComputedStyle(document.getElementById('clock')).display !== 'none',
		stage: getComputedStyle(document.getElementById('stage')).display,
		bg: getComputedStyle(document.body).backgroundColor,
		imgs: document.querySelectorAll('img').length }));
	t.ok(/^\d\d:\d\d$/.test(look.clock) && look.clockShown, `a small clock shows the time (${look.clock})`);
	t.ok(look.stage === 'none' && look.imgs === 0 && look.bg === 'rgb(0, 0, 0)', 'on a black screen, no photo');
	t.diag('screenshot: ' + await t.shot(page, 'sleep'));
	const st0 = await t.state(page);
	t.is(st0.displays, 0, 'nothing was shown');

	// The window opens: the frame wakes within a check.
	const wait = opensAt - Date.now() + 15000;
	const st = await t.shown(page, 0, Math.max(wait, 5000));
	const late = (Date.now() - opensAt) / 1000;
	t.ok(st && !st.sleeping, `it wakes when the window opens (${late.toFixed(1)} s after ${hhmm(opensAt)})`);
	await t.sleep(1100);
	t.diag('screenshot: ' + await t.shot(page, 'wake'));
	const st2 = await t.shown(page, st ? st.displays : 0, 6000);
	t.ok(st2, 'and shows its photos');

	// No longer in force: asleep again within a check.
	r = await t.api('PUT', `/schedules/${s.schedule_id}?user_id=${U}`, { is_active: false });
	t.is(r.status, 200, '(the schedule is made inactive)');
	const again = await t.waitFor(() => page.evaluate(() => window.frameState.sleeping), 12000, 100);
	t.ok(again, 'the frame sleeps again when nothing is in force');
});
