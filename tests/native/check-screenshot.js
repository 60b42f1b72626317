// Checks that a PNG written by `packfolio-app --screenshot` shows something: the right size and a
// luminance variance well above a blank frame's. PNG decoding with node's zlib, no dependencies.
//   node tests/native/check-screenshot.js FILE.png [WIDTH HEIGHT]
'use strict';
const fs = require('fs');
const zlib = require('zlib');

function decodePng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8, width = 0, height = 0, colorType = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); colorType = data[9]; }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  if (colorType !== 6) throw new Error('expected RGBA');
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rows = [];
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    if (filter !== 0) throw new Error('expected unfiltered scanlines');
    rows.push(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
  }
  return { width, height, rows };
}

const [file, w, h] = process.argv.slice(2);
const img = decodePng(fs.readFileSync(file));
if (w && (img.width !== Number(w) || img.height !== Number(h))) {
  console.error(`${file}: ${img.width}x${img.height}, expected ${w}x${h}`);
  process.exit(1);
}
let sum = 0, sum2 = 0, n = 0;
for (const row of img.rows) for (let i = 0; i < row.length; i += 4) {
  const l = 0.299 * row[i] + 0.587 * row[i + 1] + 0.114 * row[i + 2];
  sum += l; sum2 += l * l; n++;
}
const variance = sum2 / n - (sum / n) ** 2;
if (!(variance > 20)) {
  console.error(`${file}: looks blank (luminance variance ${variance.toFixed(1)})`);
  process.exit(1);
}
console.log(`${file}: ${img.width}x${img.height}, luminance variance ${variance.toFixed(1)}: ok`);
