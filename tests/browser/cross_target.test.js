// Cross-target agreement: the native CLI and the WebAssembly CLI (under node) give the same results for
// every preset, to 1e-9 relative (1e-9 absolute near zero) in every number and exactly in every string.
// The two differ only in their C library's last bits (exp, log, pow, erfc), so anything more is a bug.
// PACKFOLIO_NATIVE_CLI / PACKFOLIO_WASM_CLI point it at other builds than those of the native and web presets.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFile, execFileSync } = require('child_process');
const { promisify } = require('util');

const root = path.resolve(__dirname, '../..');
const nativeCli = path.resolve(root, process.env.PACKFOLIO_NATIVE_CLI || 'build/native/bin/packfolio');
const wasmCli = path.resolve(root, process.env.PACKFOLIO_WASM_CLI || 'build/web/bin/packfolio.js');
const presets = fs.readdirSync(path.join(root, 'presets')).filter((f) => f.endsWith('.json')).sort()
  .map((f) => path.join(root, 'presets', f));
// Emscripten 3.1.6's loader calls fetch() on a file path under Node 20 unless fetch is off (toolchain.md quirk 4).
const nodeFlags = execFileSync(process.execPath, ['--help'], { encoding: 'utf8' }).includes('--no-experimental-fetch')
  ? ['--no-experimental-fetch'] : [];
const tolerance = 1e-9;

const run = promisify(execFile);

// Runs one CLI and parses its JSON; a failing command fails the test with its stderr.
async function cliJson(label, file, args) {
  try {
    const { stdout } = await run(file, args, { cwd: root, maxBuffer: 256 * 1024 * 1024 });
    return JSON.parse(stdout);
  } catch (e) {
    const detail = e.stderr ? `: ${e.stderr.trim()}` : `: ${e.message}`;
    throw new Error(`${label} ${path.relative(root, file)} ${args.join(' ')} failed${detail}`);
  }
}

function bothTargets(args) {
  return Promise.all([
    cliJson('native', nativeCli, args),
    cliJson('wasm', process.execPath, [...nodeFlags, wasmCli, ...args]),
  ]);
}

function kind(v) {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
}

// Every place where the two documents disagree, as "path: native vs wasm".
function differences(a, b, where = '$', out = []) {
  if (kind(a) !== kind(b)) {
    out.push(`${where}: ${kind(a)} ${JSON.stringify(a)} vs ${kind(b)} ${JSON.stringify(b)}`);
  } else if (typeof a === 'number') {
    const scale = Math.max(Math.abs(a), Math.abs(b), 1);
    if (!(a === b || Math.abs(a - b) <= tolerance * scale)) out.push(`${where}: ${a} vs ${b}`);
  } else if (Array.isArray(a)) {
    if (a.length !== b.length) out.push(`${where}: ${a.length} items vs ${b.length}`);
    else a.forEach((x, i) => differences(x, b[i], `${where}[${i}]`, out));
  } else if (kind(a) === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!(k in a) || !(k in b)) out.push(`${where}.${k}: only in ${k in a ? 'native' : 'wasm'}`);
      else differences(a[k], b[k], `${where}.${k}`, out);
    }
  } else if (a !== b) {
    out.push(`${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return out;
}

function assertSame(native, wasm, what) {
  const diffs = differences(native, wasm);
  assert.equal(diffs.length, 0, `${what}: native and WebAssembly differ in ${diffs.length} place(s):\n  ` +
    diffs.slice(0, 20).join('\n  '));
}

test('both command-line programs are built', () => {
  for (const [label, file] of [['native', nativeCli], ['WebAssembly', wasmCli]])
    assert.ok(fs.existsSync(file), `the ${label} CLI ${file} is missing: build it (scripts/test), or set ` +
      'PACKFOLIO_NATIVE_CLI / PACKFOLIO_WASM_CLI');
  assert.ok(presets.length > 0, 'no presets/*.json to compare');
});

for (const preset of presets) {
  const name = path.relative(root, preset);
  test(`eval ${name}: native and WebAssembly agree`, async () => {
    const [native, wasm] = await bothTargets(['eval', preset]);
    assertSame(native, wasm, `eval ${name}`);
  });
}

test('a seeded Monte Carlo run agrees across targets', async (t) => {
  const preset = presets[0];
  const name = path.relative(root, preset);
  t.diagnostic(`analyse ${name} --montecarlo 2000 --seed 7`);
  const [native, wasm] = await bothTargets(['analyse', preset, '--montecarlo', '2000', '--seed', '7']);
  assert.ok(native.monte_carlo, 'the analysis output has no monte_carlo section');
  assertSame(native, wasm, `analyse ${name} --montecarlo 2000 --seed 7`);
});
