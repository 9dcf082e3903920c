// The playground's budgets, printed as figures: the gzip size of what the first load fetches, every file of dist/ but
// the rules' docs (rules.json), which the page loads only when a rule's docs or example is opened (budget 500 KB;
// each load below checks that it is not fetched), and the time
// from navigation to the first findings on 127.0.0.1 (budget 300 ms, median of several fresh page loads): the first
// render on the page, with the findings list and the open file's findings underlined. When CodeMirror has taken
// over the file (a task later) is printed beside it.
// Usage: node playground/e2e/budget.mjs DIST_DIR URL. Growing dist/ past its budget fails the build: the rules' code
// and docs add about 3 KB each (see playground/README.md, "Size"), so a new rule that breaks it has to pay for its
// room. The time is measured on whatever else the machine is doing (two cores, shared with builds), so by default
// an overrun is reported but does not fail; PLAYGROUND_STRICT_TIME=1 makes it fail too.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { OUTPUT, launch } from './browser.mjs';

const SIZE_BUDGET = 500 * 1000;
const TIME_BUDGET_MS = 300;
const LOADS = 15;
/// Files of dist/ that the page fetches on demand, never during its first load.
const ON_DEMAND = new Set(['rules.json']);

const [dist = 'dist', url = 'http://127.0.0.1:8080/'] = process.argv.slice(2);

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let total = 0;
let raw = 0;
for (const path of files(dist).sort()) {
  const bytes = readFileSync(path);
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  const onDemand = ON_DEMAND.has(path.split('/').pop());
  if (!onDemand) {
    total += gzipped;
    raw += bytes.length;
  }
  const note = onDemand ? '  (on demand, not counted)' : '';
  console.log(`  ${path.padEnd(50)} ${String(bytes.length).padStart(9)} B  ${String(gzipped).padStart(8)} B gzip${note}`);
}
console.log(`first load gzip total: ${(total / 1000).toFixed(1)} KB (raw ${(raw / 1000).toFixed(1)} KB); budget ${SIZE_BUDGET / 1000} KB`);

const browser = await launch();
const loads = [];
for (let n = 0; n < LOADS; n += 1) {
  // A fresh context each time: empty HTTP cache and no compiled-code cache, as for a first visit.
  const context = await browser.newContext();
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid=finding]')) {
        observer.disconnect();
        window.__findingsInDom = performance.now();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.waitForFunction(() =>
    ['seaworthy:first-findings', 'seaworthy:editor-ready'].every((name) => performance.getEntriesByName(name).length > 0),
  );
  loads.push(
    await page.evaluate(() => ({
      // Set by the app once the first render is on the page: the findings list, and the open file with its findings
      // underlined (a static preview until CodeMirror is built in the task after).
      ready: performance.getEntriesByName('seaworthy:first-findings')[0].startTime,
      // Set once CodeMirror has replaced the preview and the file can be edited.
      editor: performance.getEntriesByName('seaworthy:editor-ready')[0].startTime,
      inDom: window.__findingsInDom,
      lint: Number(document.querySelector('[data-testid=lint-time]')?.dataset.ms),
    })),
  );
  const early = fetched.filter((address) => ON_DEMAND.has(new URL(address).pathname.split('/').pop()));
  if (early.length > 0) {
    console.error(`the first load fetched ${early.join(', ')}, which the size budget counts as on demand`);
    process.exit(1);
  }
  await context.close();
}
await browser.close();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ready = median(loads.map((load) => load.ready));
const inDom = median(loads.map((load) => load.inDom));
const editor = median(loads.map((load) => load.editor));
const lint = median(loads.map((load) => load.lint));
console.log(
  `navigation to first findings: median ${ready.toFixed(0)} ms over ${LOADS} fresh loads ` +
    `(each: ${loads.map((load) => load.ready.toFixed(0)).join(', ')}); findings in the DOM at ${inDom.toFixed(0)} ms; ` +
    `editor ready at ${editor.toFixed(0)} ms; ` +
    `first lint ${lint.toFixed(2)} ms; budget ${TIME_BUDGET_MS} ms`,
);
writeFileSync(
  join(OUTPUT, 'budget.json'),
  `${JSON.stringify({ dist_gzip_bytes: total, dist_raw_bytes: raw, first_findings_ms: ready, findings_in_dom_ms: inDom, editor_ready_ms: editor, first_lint_ms: lint, loads }, null, 2)}\n`,
);

let failed = false;
if (total > SIZE_BUDGET) {
  console.error(`over budget: the first load is ${total} B gzipped, ${total - SIZE_BUDGET} B more than the ${SIZE_BUDGET} B budget`);
  failed = true;
}
if (ready > TIME_BUDGET_MS) {
  console.error(`over budget: first findings after ${ready.toFixed(0)} ms, more than ${TIME_BUDGET_MS} ms`);
  failed ||= process.env.PLAYGROUND_STRICT_TIME === '1';
}
process.exit(failed ? 1 : 0);
