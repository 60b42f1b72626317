// Smoke test of the real page in headless Chromium: it loads, draws, and exposes its text mirror.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launch, openApp, canvasVariance, artifact } = require('./harness.js');

test('the page loads and draws its first frame', async (t) => {
  const { server, url } = await startServer();
  const browser = await launch();
  t.after(async () => { await browser.close(); server.close(); });

  for (const [name, width, height] of [['desktop', 1280, 800], ['phone', 390, 844]]) {
    const { page, errors, firstFrameMs, context } = await openApp(browser, url, { width, height, scale: name === 'phone' ? 3 : 1 });
    t.diagnostic(`${name}: first frame ${firstFrameMs.toFixed(0)} ms after navigation start`);
    const variance = await canvasVariance(page);
    assert.ok(variance > 20, `${name}: the canvas looks blank (luminance variance ${variance.toFixed(1)})`);
    assert.match(await page.title(), /Packfolio/);
    const mirror = await page.locator('#mirror').textContent();
    assert.match(mirror, /Pack lifecycle/, `${name}: the text mirror should describe the tabs, got: ${mirror}`);
    assert.equal(await page.locator('#mirror').getAttribute('aria-live'), 'polite');
    assert.ok(await page.locator('#loader').evaluate((e) => e.classList.contains('hidden')), 'the loader should hide');
    // The backing store follows the CSS size times devicePixelRatio: crisp text on HiDPI.
    const sizes = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight, dpr: window.devicePixelRatio };
    });
    assert.equal(sizes.w, Math.round(sizes.cssW * sizes.dpr));
    assert.equal(sizes.h, Math.round(sizes.cssH * sizes.dpr));
    await page.screenshot({ path: artifact(`smoke-${name}-${width}x${height}.png`) });
    assert.deepEqual(errors, [], `${name}: console errors`);
    await context.close();
  }
});

test('a failed WebAssembly download shows a clear message', async (t) => {
  const { server, url } = await startServer();
  const browser = await launch();
  t.after(async () => { await browser.close(); server.close(); });
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  await page.route('**/packfolio.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('loader').classList.contains('error'), null, { timeout: 15000 });
  const message = await page.locator('#loader-text').textContent();
  assert.match(message, /Loading failed: packfolio\.wasm: HTTP 404/);
});
