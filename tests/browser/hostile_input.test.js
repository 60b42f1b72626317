// Hostile input on the real page (headless Chromium): nothing the page receives (a share link, an autosave,
// an imported file, a JS call, a paste) may stop it starting or leave the wasm module unusable. Each case
// checks that the page started, what it says, what state it shows, and that a later evaluate still works.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { root, startServer, launch, artifact } = require('./harness.js');

const presetText = (id) => fs.readFileSync(path.join(root, 'presets', id + '.json'), 'utf8');
const linkBanner = 'This link could not be loaded; nothing was changed';
const autosaveBanner = 'The autosaved scenario could not be restored and was cleared; nothing was changed';
const defaultTitle = '2025 China LFP glut';
const autosaveKey = 'packfolio:scenario';

// Opens `url` in a fresh context (empty localStorage) and waits until the app has drawn its first frame.
async function open(browser, url, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await started(page);
  return { context, page, errors };
}

async function started(page) {
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1', null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), '1');
  assert.ok(!(await page.locator('#loader').evaluate((e) => e.classList.contains('error'))), 'no loading error');
}

const mirror = (page) => page.locator('#mirror').textContent();
const status = (page) => page.evaluate(() => window.packfolio.status());
const scenarioTitle = async (page) => /Scenario: (.*)\./.exec(await mirror(page))[1];

// A valid evaluate after whatever happened before: the module is still usable.
async function evaluateWorks(page) {
  const out = await page.evaluate((text) => window.packfolio.evaluate(text), presetText('baas-fleet'));
  assert.ok(out.lifecycle && out.lifecycle.routes.length > 0, 'a valid evaluate returns results');
}

// The banner of a link (or autosave) that was refused: its title on the page and in the mirror, its text
// kept as received, and the reasons.
async function assertBanner(page, title, text, reason) {
  const s = await status(page);
  assert.ok(s.link, `a banner is shown (status: ${JSON.stringify(s)})`);
  assert.equal(s.link.title, title);
  assert.equal(s.link.text, text);
  assert.ok(s.link.errors.length > 0);
  const reasons = s.link.errors.map((e) => e.path + ': ' + e.message).join('\n');
  assert.match(reasons, reason);
  const m = await mirror(page);
  assert.ok(m.includes(title + ':'), `the mirror carries the banner: ${m}`);
  assert.ok(m.includes('Text received: ' + text.slice(0, 100)), 'the mirror keeps the text received');
  const r = await page.evaluate(() => window.packfolio.rect('banner:link'));
  assert.ok(r && r.w > 0 && r.h > 0, 'the banner is drawn');
  return s.link;
}

test('hostile input', async (t) => {
  const { server, url } = await startServer();
  const browser = await launch();
  t.after(async () => { await browser.close(); server.close(); });

  await t.test('#% starts with the default preset, a banner, and the bad link kept; a reload starts too', async () => {
    const { page, context, errors } = await open(browser, `${url}#%`);
    await assertBanner(page, linkBanner, '#%', /not v1/);
    assert.equal(await scenarioTitle(page), defaultTitle);
    assert.equal(await page.evaluate(() => window.location.hash), '#%', 'the address keeps the link to fix');
    const saved = await page.evaluate((k) => localStorage.getItem(k), autosaveKey);
    assert.match(saved, /^v1&preset=china-lfp-glut-2025&tab=lifecycle$/, 'the bad link never reaches the autosave');
    await evaluateWorks(page);
    await page.reload();
    await started(page);
    await assertBanner(page, linkBanner, '#%', /not v1/);
    await evaluateWorks(page);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('a path into a number (pack.nominal_kwh.x) is refused whole; the autosave is untouched', async () => {
    const hash = '#v1&preset=baas-fleet&pack.nominal_kwh.x=1';
    const { page, context, errors } = await open(browser, url + hash);
    const link = await assertBanner(page, linkBanner, hash, /nominal_kwh/);
    t.diagnostic(`reasons: ${JSON.stringify(link.errors)}`);
    assert.equal(await scenarioTitle(page), defaultTitle);
    const saved = await page.evaluate((k) => localStorage.getItem(k), autosaveKey);
    assert.ok(!saved.includes('nominal_kwh'), `autosave: ${saved}`);
    await evaluateWorks(page);
    await page.reload();
    await started(page);
    await assertBanner(page, linkBanner, hash, /nominal_kwh/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('#v1&meta.title=100%25ab is decoded once: the title is "100%ab"', async () => {
    const { page, context } = await open(browser, `${url}#v1&preset=baas-fleet&meta.title=100%25ab`);
    assert.equal((await status(page)).link, null, 'no banner');
    assert.equal(await scenarioTitle(page), '100%ab');
    await evaluateWorks(page);
    await context.close();
  });

  await t.test('#v1&meta.title=100%ab (decoded twice, not UTF-8) is refused with a banner', async () => {
    const hash = '#v1&preset=baas-fleet&meta.title=100%ab';
    const { page, context } = await open(browser, url + hash);
    await assertBanner(page, linkBanner, hash, /meta\.title: the value decodes to bytes that are not UTF-8/);
    assert.equal(await scenarioTitle(page), defaultTitle);
    await evaluateWorks(page);
    await context.close();
  });

  await t.test('the app\'s own link for titles like "R&D" and "100%" restores them', async () => {
    for (const title of ['R&D', '100%', 'a=b #1 + "quoted" caf\u00e9 \u20ac']) {
      const { page, context } = await open(browser, `${url}?preset=baas-fleet`);
      const scenario = JSON.parse(presetText('baas-fleet'));
      scenario.meta.title = title;
      await page.evaluate((text) => window.packfolio.importScenario(text, 'titled.json'), JSON.stringify(scenario));
      await page.waitForFunction((tt) => document.getElementById('mirror').textContent.includes('Scenario: ' + tt + '.'), title);
      const link = await page.evaluate(() => window.location.href);
      const fresh = await open(browser, link);
      assert.equal((await status(fresh.page)).link, null, `${link} is not refused`);
      assert.equal(await scenarioTitle(fresh.page), title);
      assert.equal(await mirror(fresh.page), await mirror(page));
      await fresh.context.close();
      await context.close();
    }
  });

  await t.test('other bad links: each starts, shows the banner and keeps working', async () => {
    const cases = [
      ['#v1&preset=no-such-preset', /is not a preset of this version/],
      ['#v2&preset=baas-fleet', /another version of Packfolio/],
      ['#v1&tab=nowhere', /"nowhere" is not a tab/],
      ['#v1&pack.nominal_kwh=-5', /pack\.nominal_kwh/],
      ['#v1&pack.nominal_kwh=%zz', /bad percent escape "%zz"/],
      ['#v1&pack.nominal_kwh', /has no '='/],
      ['#v1&portfolio.lines[99999999999999999999]=1', /portfolio\.lines/],
      ['#v1&meta.title=%00', /NUL/],
      ['#v1&x=' + 'a%'.repeat(50000), /bad percent escape/],
    ];
    const { page, context, errors } = await open(browser, url);
    for (const [hash, reason] of cases) {
      await page.goto(url + '?' + Math.random() + hash);  // a new query so the page loads afresh
      await started(page);
      const link = await assertBanner(page, linkBanner, hash, reason);
      assert.ok(link.errors.length <= 21, 'a short list of reasons');
      await evaluateWorks(page);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('a bad autosave is cleared and the page starts with the default', async () => {
    const { page, context } = await open(browser, url);
    for (const bad of ['v1&preset=baas-fleet&pack.nominal_kwh.x=1', '%', 'v1&meta.title=%FF', '{"not": "a link"}']) {
      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [autosaveKey, bad]);
      await page.goto(url + '?' + Math.random());
      await started(page);
      await assertBanner(page, autosaveBanner, bad, /./);
      assert.equal(await scenarioTitle(page), defaultTitle);
      const saved = await page.evaluate((k) => localStorage.getItem(k), autosaveKey);
      assert.match(saved, /^v1&preset=china-lfp-glut-2025&tab=lifecycle$/, `the autosave is cleared, then holds the default: ${saved}`);
      await evaluateWorks(page);
    }
    await context.close();
  });

  await t.test("evaluate('{') throws an Error with .errors = [{path, message}]", async () => {
    const { page, context } = await open(browser, url);
    for (const input of ['{', '', '[', '{"schema": "packfolio/1", "pack": {"nominal_kwh": 1e999}}', '\ud800', 'null']) {
      const e = await page.evaluate((text) => {
        try { window.packfolio.evaluate(text); return null; } catch (err) {
          return { isError: err instanceof Error, message: err.message, errors: err.errors };
        }
      }, input);
      assert.ok(e, `${JSON.stringify(input)} throws`);
      assert.ok(e.isError, 'an Error, not a bare number');
      assert.ok(Array.isArray(e.errors) && e.errors.length > 0);
      for (const x of e.errors) {
        assert.equal(typeof x.path, 'string');
        assert.equal(typeof x.message, 'string');
      }
    }
    const e = await page.evaluate(() => { try { window.packfolio.evaluate('{'); } catch (err) { return err.errors; } });
    assert.match(e[0].message, /not valid JSON/);
    await evaluateWorks(page);
    await context.close();
  });

  await t.test('importing a truncated or invalid file lists its errors and changes nothing', async () => {
    const { page, context } = await open(browser, `${url}?preset=baas-fleet`);
    const before = await mirror(page);
    const text = presetText('china-lfp-glut-2025');
    const chooser = page.waitForEvent('filechooser');
    await page.evaluate(() => window.packfolioPage.openFile());
    await (await chooser).setFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, text.length / 2)) });
    await page.waitForFunction(() => window.packfolio.status().errors.length > 0, null, { timeout: 10000 });
    const s = await status(page);
    assert.match(s.errors[0].message, /not valid JSON/);
    assert.match(await mirror(page), /cut\.json was not loaded \(nothing changed\)/);
    assert.equal(await scenarioTitle(page), 'Battery-as-a-service fleet');
    // A file cut inside a number, and a binary file.
    for (const [name, bytes] of [['cut-number.json', Buffer.from('{"schema":"packfolio/1","pack":{"nominal_kwh":')],
      ['binary.json', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256))]]) {
      const c = page.waitForEvent('filechooser');
      await page.evaluate(() => window.packfolioPage.openFile());
      await (await c).setFiles({ name, mimeType: 'application/json', buffer: bytes });
      await page.waitForFunction((n) => document.getElementById('mirror').textContent.includes(n + ' was not loaded'), name, { timeout: 10000 });
    }
    assert.equal(await scenarioTitle(page), 'Battery-as-a-service fleet');
    assert.equal((await mirror(page)).split('\n')[1], before.split('\n')[1]);
    await evaluateWorks(page);
    await context.close();
  });

  await t.test('40 failed 100 kB calls leave the module usable', async () => {
    const { page, context } = await open(browser, url);
    const failures = await page.evaluate(() => {
      const bad = [
        '{' + ' '.repeat(100000),
        '['.repeat(100000),
        JSON.stringify({ schema: 'packfolio/1', pack: { nominal_kwh: 'x'.repeat(100000) } }),
        '{"schema": "packfolio/1", "meta": {"title": "' + '\\u00e9'.repeat(20000) + '"}, "pack": 5}',
      ];
      let n = 0;
      for (let i = 0; i < 40; i++) {
        try { window.packfolio.evaluate(bad[i % bad.length]); } catch (e) { if (Array.isArray(e.errors)) n++; }
      }
      return n;
    });
    assert.equal(failures, 40, 'each bad call throws an Error with .errors');
    await evaluateWorks(page);
    await context.close();
  });

  await t.test('a valid 1.8 MB scenario evaluates and imports; preset + 2 MB of spaces evaluates', async () => {
    const { page, context, errors } = await open(browser, `${url}?preset=baas-fleet`);
    const scenario = JSON.parse(presetText('baas-fleet'));
    scenario.meta.story += ' ' + 'A long story. '.repeat(Math.ceil(1.8e6 / 14));
    const big = JSON.stringify(scenario);
    assert.ok(big.length > 1.8e6);
    const ok = await page.evaluate((text) => window.packfolio.evaluate(text).lifecycle.routes.length, big);
    assert.ok(ok > 0);
    await page.evaluate((text) => window.packfolio.importScenario(text, 'big.json'), big);
    await page.waitForFunction(() => /Imported big\.json/.test(window.packfolio.status().notice), null, { timeout: 20000 });
    assert.deepEqual((await status(page)).errors, []);
    const spaced = await page.evaluate((text) => window.packfolio.evaluate(text + ' '.repeat(2 * 1024 * 1024)).lifecycle.routes.length,
      presetText('baas-fleet'));
    assert.ok(spaced > 0);
    await evaluateWorks(page);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('over the 4 MiB cap: refused with a clear error before copying; later calls work', async () => {
    const { page, context } = await open(browser, `${url}?preset=baas-fleet`);
    assert.equal(await page.evaluate(() => window.packfolio.maxInputBytes), 4 * 1024 * 1024);
    const e = await page.evaluate(() => {
      try { window.packfolio.evaluate(' '.repeat(5 * 1024 * 1024)); return null; } catch (err) { return err.errors; }
    });
    assert.match(e[0].message, /the scenario is 5\.0 MiB \(5242880 bytes\); the calculator reads at most 4194304 bytes/);
    // An import over the cap is refused by its size, without being read.
    const chooser = page.waitForEvent('filechooser');
    await page.evaluate(() => window.packfolioPage.openFile());
    await (await chooser).setFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(6 * 1024 * 1024, 32) });
    await page.waitForFunction(() => window.packfolio.status().errors.length > 0, null, { timeout: 10000 });
    assert.match((await status(page)).errors[0].message, /the file is 6\.0 MiB/);
    assert.match(await mirror(page), /huge\.json was not loaded/);
    // A paste over the cap is refused with a notice.
    await page.evaluate(() => window.packfolio.paste('x'.repeat(5 * 1024 * 1024)));
    assert.match((await status(page)).notice, /Not pasted: the text is 5\.0 MiB/);
    assert.equal(await scenarioTitle(page), 'Battery-as-a-service fleet');
    await evaluateWorks(page);
    await context.close();
  });

  await t.test('odd JS calls never throw a bare value or break the module', async () => {
    const { page, context } = await open(browser, url);
    const results = await page.evaluate(() => {
      const out = [];
      const attempt = (f) => { try { f(); out.push('ok'); } catch (e) { out.push(e instanceof Error ? 'Error' : 'bare ' + typeof e); } };
      attempt(() => window.packfolio.evaluate(undefined));
      attempt(() => window.packfolio.evaluate({ toJSON() { return 'x'; } }));
      attempt(() => window.packfolio.rect('\ud800'.repeat(1000)));
      attempt(() => window.packfolio.rect(null));
      attempt(() => window.packfolio.importScenario('\u0000\ud800{', '\ud800\u0000name'));
      attempt(() => window.packfolio.importScenario(null, undefined, 0));
      attempt(() => window.packfolio.paste('\ud800 pasted \u0000'));
      attempt(() => window.packfolio.status());
      return out;
    });
    for (const r of results) assert.ok(r === 'ok' || r === 'Error', `outcome ${r}`);
    assert.equal(typeof (await status(page)).notice, 'string');
    await evaluateWorks(page);
    await context.close();
  });

  await t.test('screenshots of a bad link at desktop and phone sizes', async () => {
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      const { page, context } = await open(browser, `${url}#v1&preset=baas-fleet&pack.nominal_kwh.x=1`, { width: w, height: h });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const banner = await page.evaluate(() => window.packfolio.rect('banner:link'));
      const field = await page.evaluate(() => window.packfolio.rect('field:link_text'));
      const dismiss = await page.evaluate(() => window.packfolio.rect('button:dismiss_link'));
      for (const r of [banner, field, dismiss]) assert.ok(r.x >= 0 && r.x + r.w <= w + 1, `${w}x${h}: ${JSON.stringify(r)} fits the width`);
      await page.screenshot({ path: artifact(`bad-link-${w}x${h}.png`) });
      await context.close();
    }
  });
});
