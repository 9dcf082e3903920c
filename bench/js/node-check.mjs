// The npm package's check in Node: the 1,000-line manifest of the playground's browser test, checked many times
// with the nodejs build (target/npm/seaworthy-policy, built by scripts/test-bindings.sh). Prints one JSON line:
// the median and spread of the time per check, in milliseconds.
// Usage: node bench/js/node-check.mjs [RUNS]
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { thousandLineManifest } from '../../playground/e2e/manifest.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const seaworthy = createRequire(import.meta.url)(join(root, 'target/npm/seaworthy-policy'));
const runs = Number(process.argv[2] ?? 300);
const { manifest, lines } = thousandLineManifest();
const files = [{ path: 'k8s/shop.yaml', content: manifest }];

// Warm up: the first calls compile and tier up the wasm code.
let findings = 0;
for (let n = 0; n < 20; n += 1) findings = seaworthy.check(files).findings.length;
const times = [];
for (let n = 0; n < runs; n += 1) {
  const start = performance.now();
  seaworthy.check(files);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(
  JSON.stringify({
    lines,
    bytes: Buffer.byteLength(manifest),
    findings,
    runs,
    median_ms: at(0.5),
    p10_ms: at(0.1),
    p90_ms: at(0.9),
    node: process.version,
  }),
);
