// Page shell for the Packfolio WebAssembly app: loading progress, error reporting, the text mirror for
// screen readers and tests, the clipboard, and the JS API. Loaded before packfolio.js.
'use strict';
(function () {
  const loader = document.getElementById('loader');
  const bar = document.getElementById('loader-bar');
  const text = document.getElementById('loader-text');
  const mirror = document.getElementById('mirror');

  function showError(message) {
    loader.classList.remove('hidden');
    loader.classList.add('error');
    text.textContent = message;
    mirror.textContent = 'Packfolio could not start: ' + message;
  }

  if (typeof WebAssembly !== 'object') {
    showError('This browser cannot run WebAssembly, which the calculator needs. Please use a current browser.');
    return;
  }

  const params = new URLSearchParams(window.location.search);
  const embedded = params.get('embed') === '1';
  if (embedded) document.documentElement.classList.add('embed');
  let pendingCopy = null;  // text the app asked to copy while the browser refused (no user gesture)
  let lastHeight = 0;

  // The frame's id for the CMSs that size frames by id: the embed_id query parameter, else one made of the
  // preset and tab (from the hash when it has them, as a link's hash wins over its query). Pym.js parents
  // add childId to the query themselves.
  function embedIds() {
    const hash = new URLSearchParams(window.location.hash.replace(/^#(v\d+)?&?/, ''));
    const pick = (k) => hash.get(k) || params.get(k);
    const slug = (v) => String(v).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
    const made = ['packfolio', pick('preset') || 'default', pick('tab') || 'lifecycle'].map(slug).join('-');
    return { embedId: params.get('embed_id') || made, childId: params.get('childId') };
  }

  // The content height in every format a newsroom CMS already listens for: Packfolio's own message,
  // Datawrapper's {"datawrapper-height": {id: px}}, AMP's embed-size request, and Pym.js's string protocol
  // when a Pym parent gave this frame a childId.
  function postHeight(h) {
    const { embedId, childId } = embedIds();
    const parent = window.parent;
    parent.postMessage({ type: 'packfolio:height', height: h }, '*');
    parent.postMessage({ 'datawrapper-height': { [embedId]: h } }, '*');
    parent.postMessage({ sentinel: 'amp', type: 'embed-size', height: h }, '*');
    if (childId) parent.postMessage('pymxPYMx' + childId + 'xPYMxheightxPYMx' + h, '*');
  }

  function download(name, mime, data) {
    const url = URL.createObjectURL(new Blob([data], { type: mime }));
    const a = document.createElement('a');
    a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  window.packfolioPage = {
    firstFrameAt: null,
    embedded,
    lastDownload: null,  // {name, mime, size}: what the last export produced (tests read it)
    setMirror(t) { mirror.textContent = t; },
    copy(t) {
      // The Clipboard API needs a recent user gesture. The app calls this from the frame after a click,
      // which Chromium and Firefox accept; if refused, the next tap or key press completes the copy.
      const done = () => { pendingCopy = null; window.packfolioPage.lastCopied = t; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(t).then(done, () => { pendingCopy = t; });
      } else {
        pendingCopy = t;
      }
    },
    lastCopied: null,
    setHash(h) {
      try { history.replaceState(null, '', h ? '#' + h : window.location.pathname + window.location.search); } catch (e) { /* a sandboxed frame */ }
    },
    // The hash exactly as the address has it, still percent-encoded: the app decodes it once (share_link.hpp),
    // so a malformed escape is the link's error, shown in a banner, not an exception here.
    getHash() { return window.location.hash; },
    saveLocal(t) { try { localStorage.setItem('packfolio:scenario', t); } catch (e) { /* private mode, or over the quota */ } },
    loadLocal() { try { return localStorage.getItem('packfolio:scenario') || ''; } catch (e) { return ''; } },
    clearLocal() { try { localStorage.removeItem('packfolio:scenario'); } catch (e) { /* private mode */ } },
    download(name, mime, data) {
      download(name, mime, data);
      this.lastDownload = { name, mime, size: data.length !== undefined ? data.length : data.size };
    },
    downloadPng(name, width, height, rgba) {
      const c = document.createElement('canvas');
      c.width = width; c.height = height;
      c.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
      c.toBlob((blob) => {
        download(name, 'image/png', blob);
        this.lastDownload = { name, mime: 'image/png', size: blob.size };
      }, 'image/png');
    },
    openFile() { fileInput.click(); },
    reportHeight(h) {
      // Embed mode: tell the embedding page how tall the content is, so it can size the iframe.
      h = Math.ceil(h);
      if (!embedded || window.parent === window || h === lastHeight) return;
      lastHeight = h;
      postHeight(h);
    },
    firstFrame() {
      this.firstFrameAt = performance.now();
      loader.classList.add('hidden');
      document.documentElement.dataset.ready = '1';
    },
  };

  // Import a scenario file: the text goes to the app, which validates it and lists errors by JSON path.
  const fileInput = document.createElement('input');
  fileInput.type = 'file';
  fileInput.accept = '.json,application/json';
  fileInput.style.display = 'none';
  document.body.appendChild(fileInput);
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0];
    fileInput.value = '';
    if (!file || !window.packfolio) return;
    // A file over the size cap is refused by its size, without reading it into the page at all.
    let text = null;
    try {
      if (file.size <= window.packfolio.maxInputBytes) text = await file.text();
    } catch (e) {
      console.warn('Packfolio: ' + file.name + ' could not be read: ' + e.message);
    }
    window.packfolio.importScenario(text, file.name, file.size);
  });

  for (const type of ['pointerup', 'keyup']) {
    window.addEventListener(type, () => { if (pendingCopy !== null) window.packfolioPage.copy(pendingCopy); }, true);
  }
  // Paste: the browser's clipboard reaches the app only through the paste event.
  document.addEventListener('paste', (e) => {
    const t = e.clipboardData && e.clipboardData.getData('text/plain');
    if (!t || !window.packfolio) return;
    e.preventDefault();
    try { window.packfolio.paste(t); } catch (err) { console.warn('Packfolio: paste failed: ' + err.message); }
  });

  // Fetch the wasm ourselves to show byte progress, then hand it to Emscripten.
  window.Module = {
    canvas: document.getElementById('canvas'),
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    instantiateWasm(imports, receive) {
      (async () => {
        const response = await fetch('packfolio.wasm');
        if (!response.ok) throw new Error('packfolio.wasm: HTTP ' + response.status);
        const total = Number(response.headers.get('Content-Length')) || 0;
        const reader = response.body.getReader();
        const chunks = [];
        let received = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          received += value.length;
          if (total) bar.style.width = Math.min(95, 5 + 90 * received / total).toFixed(0) + '%';
        }
        const bytes = new Uint8Array(received);
        let offset = 0;
        for (const c of chunks) { bytes.set(c, offset); offset += c.length; }
        text.textContent = 'Starting…';
        const { instance, module } = await WebAssembly.instantiate(bytes, imports);
        bar.style.width = '100%';
        receive(instance, module);
      })().catch((e) => showError('Loading failed: ' + e.message + '. Reload the page to try again.'));
      return {};
    },
    onAbort(what) { showError('The calculator stopped: ' + what); },
    onRuntimeInitialized() {
      const M = window.Module;
      const maxInputBytes = M._pf_max_input_bytes();
      // Texts go to wasm through the heap, as (pointer, byte count), and are freed after the call: never as
      // ccall 'string' arguments, which are copied onto the 5 MB wasm stack. A text over the cap is not
      // copied at all: the app gets (0, its size) and writes the error. Lone UTF-16 surrogates become U+FFFD,
      // so that what reaches the app is always UTF-8.
      function withText(value, use) {
        let text = String(value);
        if (typeof text.toWellFormed === 'function') text = text.toWellFormed();
        const bytes = M.lengthBytesUTF8(text);
        if (bytes > maxInputBytes) return use(0, bytes);
        const ptr = M._malloc(bytes + 1);
        if (!ptr) throw new Error('Packfolio: out of memory for a text of ' + bytes + ' bytes');
        try {
          M.stringToUTF8(text, ptr, bytes + 1);
          return use(ptr, bytes);
        } finally {
          M._free(ptr);
        }
      }
      // The JSON text an export returned (malloc'd by the app), freed here.
      function takeJson(ptr) {
        if (!ptr) return { errors: [{ path: '', message: 'out of memory' }] };
        try {
          return JSON.parse(M.UTF8ToString(ptr));
        } catch (e) {
          return { errors: [{ path: '', message: 'internal error: the app returned text that is not JSON' }] };
        } finally {
          M._pf_free(ptr);
        }
      }
      // The JS API for articles that script the calculator: the same core call as `packfolio eval`.
      window.packfolio = {
        maxInputBytes,  // the largest text evaluate, importScenario and paste take: 4 MiB of UTF-8
        // evaluate(scenario object or JSON text) → results object, exactly `packfolio eval --format json`.
        // Invalid input throws an Error whose `errors` lists {path, message}.
        evaluate(scenario) {
          const text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario);
          if (text === undefined) throw Object.assign(new Error('invalid scenario: not a JSON value'), { errors: [{ path: '', message: 'not a JSON value' }] });
          const out = withText(text, (ptr, bytes) => takeJson(M._pf_evaluate(ptr, bytes)));
          if (!out || typeof out !== 'object' || out.errors) {
            const errors = out && Array.isArray(out.errors) ? out.errors : [{ path: '', message: 'no results' }];
            const e = new Error('invalid scenario: ' + errors.map((x) => x.path + ': ' + x.message).join('; '));
            e.errors = errors;
            throw e;
          }
          return out;
        },
        // A scenario file's text (null when it could not be read, with `size` its byte size): validated by the
        // app, which lists any errors on the page and changes nothing.
        importScenario(text, name, size) {
          const fileName = String(name || 'scenario.json').slice(0, 200);
          withText(fileName, (namePtr) => {
            if (text === null || text === undefined) M._pf_import(0, size || 0, namePtr);
            else withText(text, (ptr, bytes) => M._pf_import(ptr, bytes, namePtr));
          });
        },
        paste(text) { withText(text, (ptr, bytes) => M._pf_paste(ptr, bytes)); },
        // A share link's hash ("#v1&preset=..."), applied in place as if it had been opened.
        openLink(hash) { withText(String(hash), (ptr, bytes) => M._pf_open_link(ptr, bytes)); },
        // Where an item of the UI was drawn last frame, in CSS px relative to the canvas ({x, y, w, h} or
        // null): ids are scenario paths ("pack.nominal_kwh"), "tab:NAME", "button:LABEL", "header:NAME".
        rect(id) {
          const out = withText(String(id).slice(0, 200), (ptr) => takeJson(M._pf_rect(ptr)));
          return out && out.errors ? null : out;
        },
        // Long jobs' progress (0-1, null when idle), the last notice, import errors, and the link that could
        // not be restored ({title, text, errors} or null).
        status() { return takeJson(M._pf_status()); },
      };
    },
  };
  // A link pasted into the address bar of the open page changes only the hash: apply it in place. The
  // app's own address updates use history.replaceState, which fires no hashchange.
  window.addEventListener('hashchange', () => {
    if (window.packfolio && window.packfolioPage.firstFrameAt !== null) window.packfolio.openLink(window.location.hash);
  });
  window.addEventListener('error', (e) => {
    if (!window.packfolioPage.firstFrameAt) showError('Loading failed: ' + (e.message || 'script error'));
  });
})();
