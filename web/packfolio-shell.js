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

  window.packfolioPage = {
    firstFrameAt: null,
    setMirror(t) { mirror.textContent = t; },
    copy(t) {
      // The clipboard API needs a user gesture; the app calls this from a click handler's frame.
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(t).catch(() => {});
      }
    },
    firstFrame() {
      this.firstFrameAt = performance.now();
      loader.classList.add('hidden');
      document.documentElement.dataset.ready = '1';
    },
  };

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
  };
  window.addEventListener('error', (e) => {
    if (!window.packfolioPage.firstFrameAt) showError('Loading failed: ' + (e.message || 'script error'));
  });
})();
