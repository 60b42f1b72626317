// Shared set-up for the browser tests: serve build/web/dist on a free loopback port and drive Debian's
// Chromium with playwright-core (no browser download). WebGL2 runs on SwiftShader (toolchain.md).
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');
const { createServer } = require('../../scripts/static-server.js');

const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'build/web/dist');
const artifacts = path.join(root, 'build/test-artifacts');

async function startServer() {
  if (!fs.existsSync(path.join(dist, 'packfolio.wasm'))) throw new Error('build/web/dist is not built: run scripts/test');
  const server = createServer(dist);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

// Opens a page, collecting console errors, and waits until the app has drawn its first frame.
async function openApp(browser, url, { width = 1280, height = 800, scale = 1, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => window.packfolioPage && window.packfolioPage.firstFrameAt !== null, null, { timeout: 30000 });
  const firstFrameMs = await page.evaluate(() => window.packfolioPage.firstFrameAt);
  return { context, page, errors, firstFrameMs, wallMs: Date.now() - started };
}

// Variance of the canvas pixels: near zero for a blank canvas.
async function canvasVariance(page) {
  const png = await page.locator('#canvas').screenshot();
  const b64 = png.toString('base64');
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + data;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    let sum = 0, sum2 = 0, n = 0;
    for (let i = 0; i < px.length; i += 4) {
      const l = 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
      sum += l; sum2 += l * l; n++;
    }
    const mean = sum / n;
    return sum2 / n - mean * mean;
  }, b64);
}

function artifact(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  return path.join(artifacts, name);
}

module.exports = { root, dist, startServer, launch, openApp, canvasVariance, artifact };
