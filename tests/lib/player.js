/* player.js: helpers of the frame player's browser tests (tests/integration/
 * player-*.t, node scripts run by prove): TAP output, the API, test photos
 * announced as the listener tests do, and headless Chromium (Debian's,
 * driven by puppeteer-core through the DevTools protocol).
 *
 *   const t = require('../lib/player.js');
 *   t.ok(cond, desc) / t.is(got, want, desc) / t.diag(text) / t.done()
 *   await t.api(method, path, body)       -> {status, body, headers}
 *   t.newUser()
 *   await t.photo(user, id, w, h, rgb)    a JPEG in the dev storage, announced
 *   await t.show(user, frame, photos, o)  profile, playlist, schedule, all cached
 *   await t.browser()                     headless chromium, 127.0.0.1 only
 *   await t.open(browser, url, viewport)  a page on the player
 *   await t.waitFor(fn, ms)               poll fn until truthy (or null)
 *   await t.shot(page, name)              build/screenshots/player-<name>.png
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const puppeteer = require('puppeteer-core');

const URL_BASE = process.env.MEDIA_TEST_URL;
if (!URL_BASE) {
	console.log('Bail out! run the integration tests through make test');
	process.exit(1);
}
const ROOT = process.env.MEDIA_ROOT;
const API = URL_BASE + '/api/v1/media';
const TOOLS = path.join(process.env.MEDIA_BIN_DIR, '..', 'tools');
const SHOTS = path.join(ROOT, 'build', 'screenshots');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'player-t-'));

let n = 0, failed = 0;
function ok(cond, desc) {
	n++;
	if (cond)
		console.log(`ok ${n} - ${desc}`);
	else {
		failed++;
		console.log(`not ok ${n} - ${desc}`);
	}
	return !!cond;
}
function is(got, want, desc) {
	const r = ok(got === want, desc);
	if (!r) {
		diag(`  got:  ${JSON.stringify(got)}`);
		diag(`  want: ${JSON.stringify(want)}`);
	}
	return r;
}
function diag(s) { console.log(String(s).split('\n').map((l) => '# ' + l).join('\n')); }
let browsers = [];
async function done() {
	for (const b of browsers)
		await b.close().catch(() => {});
	fs.rmSync(TMP, { recursive: true, force: true });
	console.log(`1..${n}`);
	process.exit(failed ? 1 : 0);
}
/* A test that throws still ends with a plan and a failure. */
function main(fn) {
	fn().catch(async (e) => {
		ok(false, 'the test ran to its end: ' + (e && e.stack || e));
		await done();
	}).then(done);
}

async function api(method, p, body) {
	const o = { method, headers: {} };
	if (body !== undefined) {
		o.body = JSON.stringify(body);
		o.headers['Content-Type'] = 'application/json';
	}
	const r = await fetch(p.startsWith('http') ? p : API + p, o);
	const text = await r.text();
	let json = null;
	try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
	return { status: r.status, body: json, text, headers: r.headers };
}

function newUser() { return 'u_' + require('crypto').randomBytes(6).toString('hex'); }
function sleep(ms) { return new Promise((res) => setTimeout(res, ms)); }

async function waitFor(fn, ms, every) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v)
			return v;
		if (Date.now() > end)
			return null;
		await sleep(every || 250);
	}
}

/* A w x h JPEG of one colour with a darker band (so a screenshot shows
 * where each photo is) in the dev storage folder, announced with
 * file.uploaded through JetStream as the listener tests do; resolves once
 * the listener analysed it. bad: not an image (the frame must skip it). */
async function photo(user, id, w, h, rgb, bad) {
	const dir = path.join(process.env.MEDIA_STORAGE_DIR, user);
	fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
	if (bad)
		fs.writeFileSync(path.join(dir, id), 'not a photo\n');
	else {
		const base = path.join(TMP, id + '.v'), band = path.join(TMP, id + '-b.v');
		const out = path.join(TMP, id + '.jpg');
		const env = { ...process.env };
		delete env.VIPS_LEAK;	/* its report is for the listeners */
		execFileSync('vips', ['black', base, String(w), String(h), '--bands', '3'], { env });
		execFileSync('vips', ['linear', base, band, '1 1 1', rgb.join(' '), '--uchar'], { env });
		execFileSync('vips', ['draw_rect', band, '0 0 0', '0', String(Math.floor(h * 0.8)),
		    String(w), String(Math.ceil(h * 0.2)), '--fill'], { env });
		execFileSync('vips', ['copy', band, out + '[Q=90]', '--interpretation', 'srgb'], { env });
		fs.copyFileSync(out, path.join(dir, id));
	}
	execFileSync(path.join(TOOLS, 'natsctl'), ['pub', 'file.uploaded',
	    JSON.stringify({ event_type: 'file.uploaded', file_id: id, user_id: user })]);
	return waitFor(async () => {
		const r = await api('GET', `/metadata/${id}?user_id=${user}`);
		return r.status === 200 && (bad || r.body.width) ? r.body : null;
	}, 60000);
}

/* A show: the frame's profile (display), a manual playlist of photos
 * ({id, w, h, rgb, bad}), a schedule (o.schedule merged in; a function
 * is called when the schedule is made), and every
 * good photo cached for the frame; resolves with the ids and manifest. */
async function show(user, frame, photos, o) {
	o = o || {};
	for (const p of photos)
		if (!await photo(user, p.id, p.w, p.h, p.rgb, p.bad))
			throw new Error('photo ' + p.id + ' was not analysed');
	let r = await api('PUT', `/frames/${frame}?user_id=${user}`,
	    { display_width: 1280, display_height: 720, ...(o.profile || {}) });
	if (r.status !== 200)
		throw new Error('PUT /frames: ' + r.status + ' ' + r.text);
	r = await api('POST', `/playlists?user_id=${user}`, { name: 'show', photo_ids: photos.map((p) => p.id),
	    transition_duration: o.transition || 1, shuffle: !!o.shuffle });
	if (r.status !== 201)
		throw new Error('POST /playlists: ' + r.status + ' ' + r.text);
	const pl = r.body.playlist_id;
	const extra = typeof o.schedule === 'function' ? o.schedule() : o.schedule;
	r = await api('POST', `/schedules?user_id=${user}`,
	    { frame_id: frame, playlist_id: pl, rotation_interval: o.interval || 2, ...(extra || {}) });
	if (r.status !== 201)
		throw new Error('POST /schedules: ' + r.status + ' ' + r.text);
	const sched = r.body.schedule_id;
	const good = photos.filter((p) => !p.bad).length;
	const m = await waitFor(async () => {
		const x = await api('GET', `/schedules/${sched}/photos?user_id=${user}`);
		if (x.status !== 200)
			return null;
		if (!x.body.in_force)
			return o.schedule ? x.body : null;	/* a window not open yet */
		return x.body.photos.filter((p) => p.cached && p.width).length === good ? x.body : null;
	}, 90000, 500);
	if (!m)
		throw new Error('the photos were not cached for ' + frame);
	return { playlist_id: pl, schedule_id: sched, manifest: m };
}

/* Headless Chromium as tests/integration/docs-page.t starts it: Debian's
 * binary, a fresh profile, no background traffic, loopback only. */
async function browser() {
	const dir = fs.mkdtempSync(path.join(TMP, 'profile-'));
	const b = await puppeteer.launch({
		executablePath: fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'chromium',
		headless: true,
		userDataDir: dir,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		    '--disable-background-networking', '--disable-component-update', '--disable-sync',
		    '--disable-dev-shm-usage', '--hide-scrollbars', '--enable-precise-memory-info',
		    '--js-flags=--expose-gc'],
		protocolTimeout: 120000,
	});
	browsers.push(b);
	return b;
}

async function open(b, url, viewport) {
	const page = await b.newPage();
	page.errors = [];
	page.on('pageerror', (e) => page.errors.push(String(e)));
	await emulate(page, viewport || { width: 1280, height: 720, deviceScaleFactor: 1 });
	await page.goto(url.startsWith('http') ? url : URL_BASE + url, { waitUntil: 'load' });
	return page;
}

/* The viewport, and a screen of the same size: on a frame the page fills
 * the screen (headless Chromium's own screen is 800x600). */
async function emulate(page, v) {
	await page.setViewport(v);
	const cdp = await page.createCDPSession();
	await cdp.send('Emulation.setDeviceMetricsOverride', { width: v.width, height: v.height,
	    deviceScaleFactor: v.deviceScaleFactor || 1, mobile: false,
	    screenWidth: v.width, screenHeight: v.height });
	page.cdp = cdp;
}

function state(page) { return page.evaluate(() => JSON.parse(JSON.stringify(window.frameState))); }

/* Resolves with the state once more than `after` photos were shown. */
function shown(page, after, ms) {
	return waitFor(async () => {
		const s = await state(page);
		return s.displays > after ? s : null;
	}, ms || 20000, 100);
}

async function shot(page, name) {
	fs.mkdirSync(SHOTS, { recursive: true });
	const f = path.join(SHOTS, `player-${name}.png`);
	await page.screenshot({ path: f });
	return f;
}

module.exports = { ok, is, diag, done, main, api, newUser, sleep, waitFor, photo, show,
    browser, open, emulate, state, shown, shot, URL_BASE, ROOT, TMP };
