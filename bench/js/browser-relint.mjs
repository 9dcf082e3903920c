// The playground's relint of a 1,000-line manifest in headless Chromium, measured as the browser test measures
// it: the app's own lint time (`data-ms` of the lint-time element, the check alone, on the page or in its worker)
// after each keystroke at the end of the manifest of the browser test. Prints one JSON line with the median.
// Usage: PLAYGROUND_URL=http://127.0.0.1:PORT/ node bench/js/browser-relint.mjs [KEYSTROKES] [WARM-UP KEYSTROKES]
import { launch, openPage, pasteInEditor, settled } from '../../playground/e2e/browser.mjs';
import { thousandLineManifest } from '../../playground/e2e/manifest.mjs';

const keystrokes = Number(process.argv[2] ?? 15);
const warmup = Number(process.argv[3] ?? 10);
const { manifest, lines } = thousandLineManifest();
const browser = await launch();
try {
  const { context, page } = await openPage(browser);
  await page.getByRole('button', { name: '+ Manifest' }).click();
  await settled(page);
  const lintTime = page.getByTestId('lint-time');
  // A paste lints at once; wait until the lint time is that of the pasted text.
  const before = await lintTime.getAttribute('data-ms');
  await pasteInEditor(page, manifest);
  await page.waitForFunction((previous) => {
    const panel = document.querySelector('[data-testid=findings-panel]');
    return panel?.dataset.fresh === 'true' && document.querySelector('[data-testid=lint-time]')?.dataset.ms !== previous;
  }, before);
  const paste = Number(await lintTime.getAttribute('data-ms'));
  await page.keyboard.press('Control+End');
  // Warm-up keystrokes first, as the Node benchmark warms up: the worker starts on V8's baseline code and tiers hot
  // functions up while it runs. Their times are reported apart.
  const relints = [];
  for (let n = 0; n < warmup + keystrokes; n += 1) {
    // Each keystroke (a `#`, then a Backspace, so the text stays 1,000 lines) makes the findings stale for at least
    // the typing debounce, then fresh again.
    await page.keyboard.press(n % 2 === 0 ? '#' : 'Backspace');
    await page.waitForSelector('[data-testid=findings-panel][data-fresh=false]');
    await settled(page);
    relints.push({ ms: Number(await lintTime.getAttribute('data-ms')), worker: (await lintTime.getAttribute('data-worker')) === 'true' });
  }
  await context.close();
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const warming = relints.slice(0, warmup).map((relint) => relint.ms);
  const measured = relints.slice(warmup);
  const sorted = measured.map((relint) => relint.ms).sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      lines,
      keystrokes,
      paste_ms: paste,
      median_ms: sorted[Math.floor(sorted.length / 2)],
      min_ms: sorted[0],
      max_ms: sorted[sorted.length - 1],
      in_worker: measured.filter((relint) => relint.worker).length,
      warmup,
      warmup_median_ms: warmup > 0 ? median(warming) : null,
      chromium: browser.version(),
    }),
  );
} finally {
  await browser.close();
}
