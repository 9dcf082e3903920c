// Shared set-up of the browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser),
// a record of every request each page makes, and the places results are written to.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:8080/';
export const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), 'output');
mkdirSync(OUTPUT, { recursive: true });

// Without the background-networking switches Chromium phones home at start; this machine refuses that, and a
// test that asserts "no request leaves 127.0.0.1" must only see the page's own requests anyway.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
}

/// A fresh context and page that record requests, console errors, page errors and CSP violations.
export async function openPage(browser, { url = BASE_URL, viewport = { width: 1400, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE_URL).origin });
  const page = await context.newPage();
  const record = { requests: [], errors: [], violations: [] };
  page.on('request', (request) => record.requests.push(request.url()));
  page.on('pageerror', (error) => record.errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') record.errors.push(message.text());
  });
  await page.exposeFunction('__reportViolation', (text) => record.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid=findings-panel][data-fresh=true]');
  return { context, page, record };
}

/// The findings as `rule@path:line` strings, in panel order.
export function findings(page) {
  return page.$$eval('[data-testid=finding]', (items) =>
    items.map((item) => `${item.dataset.rule}@${item.dataset.path}:${item.dataset.line}`),
  );
}

/// Waits until the panel shows a check of the current text.
export async function settled(page) {
  await page.waitForSelector('[data-testid=findings-panel][data-fresh=true]');
}

/// Replaces the open file's text by typing it, as a person would (debounced linting applies).
export async function typeInEditor(page, text) {
  const content = page.locator('[data-testid=editor] .cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // CodeMirror keeps the indentation of the line above on Enter; typing each line after Enter plus Home keeps the
  // text exactly as given.
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (index > 0) {
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('Delete');
    }
    await page.keyboard.type(line);
  }
}

/// Replaces the open file's text with a paste from the clipboard.
export async function pasteInEditor(page, text) {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  const content = page.locator('[data-testid=editor] .cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
}

/// The open file's text as the editor shows it (fine for files that fit on screen: CodeMirror only renders the
/// visible lines).
export function editorText(page) {
  return page.locator('[data-testid=editor] .cm-content').innerText();
}
