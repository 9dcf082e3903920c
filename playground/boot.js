// Starts the app. Trunk's default loader is an inline script, which the page's Content-Security-Policy forbids;
// Trunk.toml's `pattern_script` loads this file instead (as an async module, so it runs as soon as it arrives) and
// passes the hashed file names (and the lint worker's) as data attributes.
const boot = document.querySelector('script[data-seaworthy-boot]');
// Compile the wasm on V8's background threads while the page and the editor bundle are still being parsed.
const compiled = WebAssembly.compileStreaming(fetch(boot.dataset.wasm));
const glue = import(boot.dataset.js);
// The app creates the editor on its first render, so the deferred editor bundle must have run. Deferred scripts
// run before DOMContentLoaded; if the bundle is still missing at `load`, it failed and the app falls back to its
// plain editor.
if (!globalThis.SeaworthyEditor && document.readyState !== 'complete') {
  await new Promise((resolve) => {
    document.addEventListener('DOMContentLoaded', resolve, { once: true });
    window.addEventListener('load', resolve, { once: true });
  });
}
const { default: init } = await glue;
const module = await compiled;

// Lints move to a worker once one has been slow on the page (the app decides). The worker instantiates the same
// compiled module, so it costs no second download or compile. It starts as soon as the first findings are on the
// page (so it does not slow them down), and its two requests (its script, and the JS glue from the HTTP cache)
// belong to the page load: after load the page makes no request at all.
let worker;
let nextId = 0;
const pending = new Map();
function settle(id, how) {
  const entry = pending.get(id);
  pending.delete(id);
  if (entry) how(entry);
}
function startWorker() {
  if (worker) return;
  worker = new Worker(boot.dataset.worker, { type: 'module' });
  worker.onmessage = ({ data }) =>
    settle(data.id, (entry) => (data.error ? entry.reject(new Error(data.error)) : entry.resolve(data)));
  worker.onerror = (event) => {
    for (const id of [...pending.keys()]) settle(id, (entry) => entry.reject(new Error(event.message)));
  };
  worker.postMessage({ glue: new URL(boot.dataset.js, document.baseURI).href, module });
}
globalThis.SeaworthyLint = {
  lint(request) {
    startWorker();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, request });
    });
  },
};

// Share links are deflated by the browser, so the wasm module carries no deflater (reading a link, which must happen
// before the first render, stays in Rust). The format is raw deflate in base64url without padding, as
// `share::decode` reads it.
globalThis.SeaworthyShare = {
  async pack(json) {
    const deflated = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(deflated).arrayBuffer());
    let binary = '';
    for (let at = 0; at < bytes.length; at += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
    }
    return `w=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
  },
};

function firstFindings() {
  const name = 'seaworthy:first-findings';
  return new Promise((resolve) => {
    if (performance.getEntriesByName(name).length > 0) return resolve();
    const observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName(name).length > 0) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe({ type: 'mark' });
  });
}

await init({ module_or_path: module });
firstFindings().then(() => setTimeout(startWorker, 0));
