// The web app as a reader uses it: real page, real clicks and typing on the canvas, headless
// Chromium. Numbers on the page must equal `packfolio eval` for the same scenario.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { root, startServer, launch, openApp, artifact } = require('./harness.js');

const cli = process.env.PACKFOLIO_NATIVE_CLI || path.join(root, 'build/native/bin/packfolio');
const presetDir = path.join(root, 'presets');
const presets = fs.readdirSync(presetDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

function cliEval(file) {
  return JSON.parse(execFileSync(cli, ['eval', file], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

// The headline lines of the text mirror: "Best route: ID (...)" and "Route ID: NPV X USD per pack, ...".
function parseMirror(text) {
  const best = /Best route: (\w+)/.exec(text);
  const routes = {};
  for (const m of text.matchAll(/Route (\w+): NPV (-?[\d.]+) USD per pack, (-?[\d.]+) USD per kWh, CO2 (-?[\d.]+) kg/g))
    routes[m[1]] = { npv_usd: Number(m[2]), npv_usd_per_kwh: Number(m[3]), co2_kg: Number(m[4]) };
  return { best: best && best[1], routes };
}

const mirror = (page) => page.locator('#mirror').textContent();
const status = (page) => page.evaluate(() => window.packfolio.status());

// Waits for n animation frames: the app applies a click one frame after the pointer arrives.
async function frames(page, n = 3) {
  await page.evaluate((count) => new Promise((resolve) => {
    let left = count;
    const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

// Clicks the middle of a UI item, found by its id in the app's item map (window.packfolio.rect).
async function clickItem(page, id) {
  await page.waitForFunction((i) => window.packfolio && window.packfolio.rect(i) !== null, id, { timeout: 10000 });
  let r = await page.evaluate((i) => window.packfolio.rect(i), id);
  const box = await page.locator('#canvas').boundingBox();
  // Scroll the pane under the item with the mouse wheel until the item is in view, as a reader would. An item
  // that does not move (the header's buttons sit above y = 60 for good) is as far in view as it gets.
  for (let i = 0; i < 40 && (r.y < 60 || r.y + r.h > box.height - 10); i++) {
    await page.mouse.move(box.x + r.x + r.w / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, r.y + r.h > box.height - 10 ? 200 : -200);
    await frames(page, 3);
    const was = r;
    r = await page.evaluate((i) => window.packfolio.rect(i), id);
    if (r.y === was.y) break;
  }
  await page.mouse.move(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 3);
}

// Clicks a number field, replaces its text and presses Enter, as a person would.
async function typeInto(page, id, text) {
  await clickItem(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 20 });
  await page.keyboard.press('Enter');
  await frames(page, 3);
}

function assertClose(actual, expected, where) {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${where}: not a number`);
    const tol = 1e-9 * Math.max(1, Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= tol, `${where}: ${actual} != ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.equal(actual.length, expected.length, `${where}: length`);
    expected.forEach((e, i) => assertClose(actual[i], e, `${where}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: keys`);
    for (const k of Object.keys(expected)) assertClose(actual[k], expected[k], `${where}.${k}`);
  } else {
    assert.equal(actual, expected, where);
  }
}

test('the web app', async (t) => {
  const { server, url } = await startServer();
  const browser = await launch();
  t.after(async () => { await browser.close(); server.close(); });

  await t.test('every preset loads and its headline equals `packfolio eval`', async () => {
    const { page, context, errors } = await openApp(browser, url);
    for (const id of presets) {
      await page.goto(`${url}?preset=${id}`);
      await page.waitForFunction(() => window.packfolioPage.firstFrameAt !== null);
      const expected = cliEval(path.join(presetDir, id + '.json')).lifecycle;
      const shown = parseMirror(await mirror(page));
      assert.equal(shown.best, expected.best_route, `${id}: best route`);
      assert.equal(Object.keys(shown.routes).length, expected.routes.length, `${id}: routes in the mirror`);
      for (const r of expected.routes) {
        assert.ok(Math.abs(shown.routes[r.id].npv_usd - r.npv_usd) <= 0.0051, `${id} ${r.id}: ${shown.routes[r.id].npv_usd} vs ${r.npv_usd}`);
        assert.ok(Math.abs(shown.routes[r.id].co2_kg - r.co2_kg) <= 0.051, `${id} ${r.id}: CO2`);
      }
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('typing into an input on the canvas changes the result, and the link restores it', async () => {
    const { page, context, errors, firstFrameMs } = await openApp(browser, `${url}?preset=us-tariff-wall-korean-conversion`);
    t.diagnostic(`first frame ${firstFrameMs.toFixed(0)} ms after navigation start`);
    assert.ok(firstFrameMs < 1500, `first frame after ${firstFrameMs} ms (bar: 1.5 s)`);
    const before = parseMirror(await mirror(page));
    const started = Date.now();
    await typeInto(page, 'pack.nominal_kwh', '60');
    const text = await mirror(page);
    t.diagnostic(`edit to updated mirror: ${Date.now() - started} ms including the scripted click and typing`);
    assert.match(text, /NMC811 60 kWh/, 'the mirror shows the new capacity');
    const after = parseMirror(text);
    assert.notEqual(after.routes.recycle_now.npv_usd, before.routes.recycle_now.npv_usd, 'recycle_now changed');
    // The same scenario through the CLI gives the same numbers.
    const cliAfter = JSON.parse(execFileSync(cli, ['eval', path.join(presetDir, 'us-tariff-wall-korean-conversion.json'),
      '--set', 'pack.nominal_kwh=60'], { encoding: 'utf8' })).lifecycle;
    for (const r of cliAfter.routes) assert.ok(Math.abs(after.routes[r.id].npv_usd - r.npv_usd) <= 0.0051, r.id);
    await page.screenshot({ path: artifact('app-edited-1280x800.png') });

    // Share link: a fresh page opened at the URL shows the same state.
    const link = page.url();
    assert.match(link, /#v1&preset=us-tariff-wall-korean-conversion&tab=lifecycle&pack\.nominal_kwh=60/);
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await fresh.newPage();
    await other.goto(link);
    await other.waitForFunction(() => window.packfolioPage && window.packfolioPage.firstFrameAt !== null);
    assert.equal(await mirror(other), text);
    await fresh.close();

    // A value typed and then left with Tab, or with a click elsewhere, applies as Enter does.
    await clickItem(page, 'pack.nominal_kwh');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('62', { delay: 20 });
    await page.keyboard.press('Tab');
    await frames(page, 3);
    assert.match(await mirror(page), /NMC811 62 kWh/, 'Tab applies the typed value');
    await clickItem(page, 'pack.nominal_kwh');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('60', { delay: 20 });
    await page.mouse.click(5, 790);  // the empty bottom-left corner of the page
    await frames(page, 3);
    assert.equal(await mirror(page), text, 'a click elsewhere applies the typed value');

    // A value outside its range is refused at the widget and changes nothing.
    await typeInto(page, 'pack.nominal_kwh', '-5');
    assert.equal(await mirror(page), text);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('window.packfolio.evaluate returns what `packfolio eval` prints', async () => {
    const { page, context } = await openApp(browser, url);
    for (const id of presets) {
      const file = path.join(presetDir, id + '.json');
      const shown = await page.evaluate((text) => window.packfolio.evaluate(text), fs.readFileSync(file, 'utf8'));
      assertClose(shown, cliEval(file), id);
    }
    const bad = await page.evaluate(() => {
      try { window.packfolio.evaluate({ schema: 'packfolio/1', pack: { nominal_kwh: 0 } }); return null; } catch (e) { return e.errors; }
    });
    assert.equal(bad[0].path, 'pack.nominal_kwh');
    await context.close();
  });

  await t.test('a bad imported file lists its errors by path and changes nothing', async () => {
    const { page, context } = await openApp(browser, `${url}?preset=china-lfp-glut-2025`);
    const before = await mirror(page);
    const chooser = page.waitForEvent('filechooser');
    await clickItem(page, 'button:Import...');
    const body = JSON.stringify({ schema: 'packfolio/1', pack: { nominal_kwh: -5, chemistry: 'LFPX' }, markt: {} });
    await (await chooser).setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(body) });
    await page.waitForFunction(() => window.packfolio.status().errors.length > 0, null, { timeout: 5000 });
    const { errors } = await status(page);
    const paths = errors.map((e) => e.path);
    assert.ok(paths.includes('markt'), `unknown key reported: ${paths}`);
    assert.match(errors.find((e) => e.path === 'markt').message, /did you mean "market"/);
    const text = await mirror(page);
    assert.match(text, /bad\.json was not loaded \(nothing changed\)/);
    assert.equal(parseMirror(text).routes.second_life.npv_usd, parseMirror(before).routes.second_life.npv_usd);
    await frames(page, 3);
    await page.screenshot({ path: artifact('app-import-errors-1280x800.png') });
    await context.close();
  });

  await t.test('dragging an input redraws the decision map in the same frames, as one undo step', async () => {
    const { page, context, errors } = await openApp(browser, url);
    const before = await mirror(page);
    await clickItem(page, 'header:decision_map');
    await clickItem(page, 'button:run_map');
    await page.waitForFunction(() => window.packfolio.status().decision_map.current, null, { timeout: 20000 });
    await clickItem(page, 'map.drag');  // scrolls it into view; a click sets the value under the pointer
    await page.waitForFunction(() => window.packfolio.status().decision_map.current, null, { timeout: 20000 });
    // Scroll the slider up the pane, so that the map below it is on screen while it moves (as a reader would).
    const box = await page.locator('#canvas').boundingBox();
    let r = await page.evaluate(() => window.packfolio.rect('map.drag'));
    await page.mouse.move(box.x + r.x + r.w / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, Math.max(0, r.y - 200));
    await frames(page, 3);
    r = await page.evaluate(() => window.packfolio.rect('map.drag'));
    const y = box.y + r.y + r.h / 2;
    await page.mouse.move(box.x + r.x + r.w * 0.1, y);
    await frames(page, 2);
    await page.mouse.down();
    await frames(page, 2);
    let last = (await status(page)).decision_map.margin_sum;
    const sums = [];
    for (let k = 1; k <= 6; k++) {
      await page.mouse.move(box.x + r.x + r.w * (0.1 + 0.13 * k), y);
      await frames(page, 2);
      const s = (await status(page)).decision_map;
      // Two frames after the pointer moved, the map on screen is the map of the dragged value.
      assert.ok(s.current, `step ${k}: the map is not of the current scenario two frames after the move`);
      assert.notEqual(s.margin_sum, last, `step ${k}: the map did not change`);
      sums.push(s.margin_sum);
      last = s.margin_sum;
    }
    await page.screenshot({ path: artifact('app-map-drag-1280x800.png') });
    await page.mouse.up();
    await frames(page, 3);
    assert.notEqual(await mirror(page), before);
    // The click and the drag are two gestures: two undo steps bring the scenario back.
    await page.keyboard.press('Control+Z');
    await frames(page, 3);
    await page.keyboard.press('Control+Z');
    await frames(page, 3);
    assert.equal(await mirror(page), before);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('a Monte Carlo run shows progress and can be cancelled', async () => {
    const { page, context } = await openApp(browser, `${url}?preset=china-lfp-glut-2025`);
    await clickItem(page, 'header:monte_carlo');
    await typeInto(page, 'monte_carlo.draws', '1000000');
    await clickItem(page, 'button:run_monte_carlo');
    await page.waitForFunction(() => {
      const p = window.packfolio.status().jobs.monte_carlo;
      return p !== null && p > 0;
    }, null, { timeout: 10000 });
    const running = (await status(page)).jobs.monte_carlo;
    assert.ok(running > 0 && running < 1, `progress ${running}`);
    await page.screenshot({ path: artifact('app-monte-carlo-running-1280x800.png') });
    await clickItem(page, 'button:cancel_mc');
    const after = await status(page);
    assert.equal(after.jobs.monte_carlo, null);
    assert.match(after.notice, /Monte Carlo cancelled/);
    // A short run finishes and reports the probability of second life beating recycling.
    await typeInto(page, 'monte_carlo.draws', '2000');
    await clickItem(page, 'button:run_monte_carlo');
    await page.waitForFunction(() => window.packfolio.status().jobs.monte_carlo === null, null, { timeout: 20000 });
    await frames(page, 3);
    await page.screenshot({ path: artifact('app-monte-carlo-done-1280x800.png') });
    await context.close();
  });

  await t.test('Copy link and Embed use the browser clipboard; exports download files', async () => {
    const { page, context } = await openApp(browser, `${url}?preset=robotaxi-fleet-churn`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await clickItem(page, 'button:Copy link');
    await page.waitForFunction(() => window.packfolioPage.lastCopied !== null, null, { timeout: 5000 });
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#v1&preset=robotaxi-fleet-churn&tab=lifecycle$/);
    await clickItem(page, 'button:Embed');
    await page.waitForFunction(() => /<iframe/.test(window.packfolioPage.lastCopied || ''), null, { timeout: 5000 });
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1#v1&preset=robotaxi-fleet-churn/);

    const expected = execFileSync(cli, ['eval', path.join(presetDir, 'robotaxi-fleet-churn.json'), '--format', 'csv'], { encoding: 'utf8' });
    for (const [id, name] of [['results_csv', 'robotaxi-fleet-churn-results.csv'], ['png', 'robotaxi-fleet-churn-lifecycle.png'],
      ['scenario', 'robotaxi-fleet-churn-scenario.json']]) {
      const download = page.waitForEvent('download');
      await clickItem(page, 'button:Export...');
      await clickItem(page, `export:${id}`);
      const file = await download;
      assert.equal(file.suggestedFilename(), name);
      const body = fs.readFileSync(await file.path());
      if (id === 'results_csv') assert.equal(body.toString('utf8'), expected);
      if (id === 'png') assert.deepEqual([...body.subarray(1, 4)], [0x50, 0x4e, 0x47]);
      if (id === 'scenario') assert.equal(JSON.parse(body).meta.title, 'Robotaxi fleet churn');
    }
    await context.close();
  });

  await t.test('a link pasted into the open page applies in place; a bad one shows the banner and changes nothing', async () => {
    const { page, context, errors } = await openApp(browser, `${url}?preset=us-tariff-wall-korean-conversion`);
    const expected = cliEval(path.join(presetDir, 'baas-fleet.json')).lifecycle;
    // What a reader does: paste a share link with a new hash into the address bar (no reload).
    await page.evaluate(() => { window.location.hash = '#v1&preset=baas-fleet&tab=lifecycle'; });
    await page.waitForFunction((best) => new RegExp('Best route: ' + best).test(document.getElementById('mirror').textContent) &&
      document.title.length > 0, expected.best_route, { timeout: 10000 });
    await frames(page, 3);
    const shown = parseMirror(await mirror(page));
    for (const r of expected.routes) assert.ok(Math.abs(shown.routes[r.id].npv_usd - r.npv_usd) <= 0.0051, `${r.id} after the pasted link`);
    assert.equal((await status(page)).link, null);
    assert.equal(await page.evaluate(() => window.packfolioPage.firstFrameAt !== null), true);
    // A bad link: the banner names it, and the scenario stays.
    await page.evaluate(() => { window.location.hash = '#v1&preset=no-such-preset'; });
    await page.waitForFunction(() => window.packfolio.status().link !== null, null, { timeout: 10000 });
    const link = (await status(page)).link;
    assert.equal(link.text, 'v1&preset=no-such-preset');
    assert.match(JSON.stringify(link.errors), /no-such-preset/);
    await frames(page, 3);
    assert.deepEqual(parseMirror(await mirror(page)).routes, shown.routes);
    await page.screenshot({ path: artifact('pasted-bad-link-1280x800.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('touch works on a phone: a tap switches tabs', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${url}?preset=china-lfp-glut-2025`);
    await page.waitForFunction(() => window.packfolioPage && window.packfolioPage.firstFrameAt !== null);
    await frames(page, 3);
    const r = await page.evaluate(() => window.packfolio.rect('tab:portfolio'));
    // Pinch zoom stays allowed (WCAG 1.4.4): no user-scalable=no and no maximum-scale cap.
    const viewport = await page.evaluate(() => document.querySelector('meta[name=viewport]').content);
    assert.doesNotMatch(viewport, /user-scalable\s*=\s*no|maximum-scale/);
    await page.touchscreen.tap(r.x + r.w / 2, r.y + r.h / 2);
    await page.waitForFunction(() => /EV vs ESS portfolio \(open\)/.test(document.getElementById('mirror').textContent), null, { timeout: 5000 });
    await frames(page, 3);
    await page.screenshot({ path: artifact('touch-portfolio-390x844.png') });
    await context.close();
  });

  await t.test('the portfolio tab scans its inputs in slices and names where lines convert, as the CLI does', async () => {
    const id = 'us-tariff-wall-korean-conversion';
    const { page, context, errors } = await openApp(browser, `${url}?preset=${id}&tab=portfolio`);
    await clickItem(page, 'header:portfolio_sensitivity');
    await page.waitForFunction(() => /Portfolio breakeven/.test(document.getElementById('mirror').textContent), null, { timeout: 30000 });
    assert.equal((await status(page)).jobs.portfolio_sensitivity, null);
    const shown = [...(await mirror(page)).matchAll(/Portfolio breakeven: (\S+) = (\S+): (\w+)\./g)]
      .map((m) => ({ input: m[1], x: Number(m[2]), id: m[3] }));
    const analysis = JSON.parse(execFileSync(cli, ['analyse', path.join(presetDir, id + '.json'), '--section', 'portfolio',
      '--breakeven'], { encoding: 'utf8' })).breakevens;
    const expected = [];
    for (const input of analysis.inputs) for (const th of input.thresholds || []) for (const c of th.crossings)
      expected.push({ input: input.input, x: c.x, id: th.id });
    assert.ok(expected.length > 0, 'the CLI finds line conversions');
    assert.equal(shown.length, expected.length);
    for (const e of expected) {
      const s = shown.find((x) => x.input === e.input && x.id === e.id && Math.abs(x.x - e.x) <= 1e-5 * Math.max(1, Math.abs(e.x)));
      assert.ok(s, `${e.input} ${e.id} at ${e.x} is shown`);
    }
    await frames(page, 3);
    await page.screenshot({ path: artifact('portfolio-sensitivity-1280x800.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('embed mode reports its height to the parent page', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}embed-example.html`);
    await page.waitForFunction(() => window.packfolioHeights && window.packfolioHeights.length > 0, null, { timeout: 15000 });
    const heights = await page.evaluate(() => window.packfolioHeights);
    assert.ok(heights.every((h) => h > 40 && h < 2000), `heights ${heights}`);
    const frameHeight = await page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height);
    assert.ok(Math.abs(frameHeight - heights[heights.length - 1]) < 2, `iframe sized to ${frameHeight}`);
    await page.screenshot({ path: artifact('embed-article-800x900.png'), fullPage: true });
    await context.close();
  });

  await t.test('embed mode also sizes itself the Datawrapper, AMP and Pym.js ways', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    // A bare parent page that records every message its frames post.
    await page.route('**/cms-parent.html', (route) => route.fulfill({ contentType: 'text/html', body:
      '<!doctype html><title>CMS</title><script>window.got = []; addEventListener("message", (e) => got.push(e.data));</script>' +
      '<iframe id="a" title="a" style="width:700px;height:300px" src="./?embed=1&preset=china-lfp-glut-2025&tab=lifecycle"></iframe>' +
      '<iframe id="b" title="b" style="width:700px;height:300px" src="./?embed=1&preset=china-lfp-glut-2025&embed_id=story-7&childId=pf1"></iframe>' }));
    await page.goto(`${url}cms-parent.html`);
    await page.waitForFunction(() => window.got.some((m) => typeof m === 'string' && m.startsWith('pymxPYMxpf1x')), null, { timeout: 15000 });
    const got = await page.evaluate(() => window.got);
    const own = got.filter((m) => m && m.type === 'packfolio:height').map((m) => m.height);
    const dw = got.filter((m) => m && m['datawrapper-height']).map((m) => m['datawrapper-height']);
    const amp = got.filter((m) => m && m.sentinel === 'amp' && m.type === 'embed-size').map((m) => m.height);
    const pym = got.filter((m) => typeof m === 'string').map((m) => /^pymxPYMxpf1xPYMxheightxPYMx(\d+)$/.exec(m));
    assert.ok(own.length >= 2 && own.every((h) => h > 40 && h < 2000), `own heights ${own}`);
    assert.ok(dw.some((d) => d['packfolio-china-lfp-glut-2025-lifecycle'] > 40), 'Datawrapper id from preset and tab');
    assert.ok(dw.some((d) => d['story-7'] > 40), 'Datawrapper id from embed_id');
    assert.deepEqual(amp.sort(), own.slice().sort(), 'one AMP embed-size per height');
    assert.ok(pym.length > 0 && pym.every((m) => m && Number(m[1]) > 40), `Pym messages ${got.filter((m) => typeof m === 'string')}`);
    await context.close();
  });

  await t.test('screenshots of every tab at desktop and phone sizes', async () => {
    const tabs = [['lifecycle', 'data-centre-second-life-microgrid'], ['portfolio', 'us-tariff-wall-korean-conversion'],
      ['logistics', 'centralised-vs-decentralised'], ['compare', 'lithium-rebound-2026'], ['sources', 'china-lfp-glut-2025']];
    for (const [tab, preset] of tabs) {
      if (!presets.includes(preset)) continue;
      for (const [w, h, scale, scheme] of [[1280, 800, 1, 'light'], [390, 844, 3, 'dark']]) {
        const { page, context, errors } = await openApp(browser, `${url}?preset=${preset}&tab=${tab}`,
          { width: w, height: h, scale, colorScheme: scheme });
        await page.waitForFunction(() => window.packfolio.status().jobs.hub_search === null, null, { timeout: 30000 });
        await frames(page, 4);
        assert.match(await mirror(page), new RegExp(`\\(open\\)`));
        await page.screenshot({ path: artifact(`tab-${tab}-${w}x${h}.png`) });
        assert.deepEqual(errors, []);
        await context.close();
      }
    }
  });
});
