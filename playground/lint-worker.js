// The lint worker: runs policy-core off the page's thread once the app has seen a lint slower than its budget.
// The page sends the compiled wasm module and the URL of its JS glue first, then requests `{id, request}`; each
// reply is `{id, ms, report}` or `{id, error}`.
let ready;

self.onmessage = async ({ data }) => {
  if (data.module) {
    ready = import(data.glue).then(async (glue) => {
      await glue.default({ module_or_path: data.module });
      return glue.lintJson;
    });
    return;
  }
  try {
    const lint = await ready;
    const start = performance.now();
    const report = lint(data.request);
    self.postMessage({ id: data.id, ms: performance.now() - start, report });
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error) });
  }
};
