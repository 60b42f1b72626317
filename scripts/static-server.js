// A minimal static file server for build/web/dist (no dependencies): correct MIME types for wasm and
// no caching, for local use. Used by scripts/serve and the tests; any static host serves dist/ in production.
//   node scripts/static-server.js DIR [PORT] [HOST]      (PORT 0 picks a free port)
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
};

function createServer(root) {
  root = path.resolve(root);
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root + path.sep)) { res.writeHead(403); res.end('forbidden'); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found: ' + rel); return; }
      const headers = { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
      headers['Content-Length'] = data.length;  // lets the page show real download progress
      res.writeHead(200, headers);
      res.end(data);
    });
  });
}

module.exports = { createServer };

if (require.main === module) {
  const [dir, port = '8080', host = '127.0.0.1'] = process.argv.slice(2);
  if (!dir) { console.error('usage: node scripts/static-server.js DIR [PORT] [HOST]'); process.exit(2); }
  const server = createServer(dir);
  server.listen(Number(port), host, () => {
    console.log(`Packfolio is being served at http://${host}:${server.address().port}/  (Ctrl-C to stop)`);
  });
}
