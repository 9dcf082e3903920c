// The built docs site (target/www) in headless Chromium: the embedded <seaworthy-check> elements load the npm
// package's web build and show findings, the same ones the nodejs build finds; every rule's Example shows its rule
// and its Use instead shows none; the playground links carry the examples.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const site = join(root, "target/www");
assert.ok(existsSync(join(site, "index.html")), `no site at ${site}: run scripts/test-bindings.sh`);
const npm = createRequire(import.meta.url)(join(root, "target/npm/seaworthy-policy"));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

let server;
let browser;
let base;

before(async () => {
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname)).replace(/^([/\\])+/, "");
    const file = join(site, path || "index.html");
    if (!file.startsWith(site) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done) ?? done());
});

async function open(path) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  await page.goto(`${base}/${path}`);
  await page.waitForFunction(
    () => [...document.querySelectorAll("seaworthy-check")].every((element) => element.dataset.state === "checked"),
    null,
    { timeout: 30_000 },
  );
  return { page, problems };
}

test("the home page's live example shows the findings the npm package finds", async () => {
  const { page, problems } = await open("index.html");
  const example = page.locator("#home-example");
  const shown = await example.locator('[data-testid="finding"]').evaluateAll((items) => items.map((item) => item.dataset.rule));
  const source = await example.locator(".seaworthy-code").textContent();
  const expected = npm.check([{ path: "Dockerfile", content: source }]).findings.map((finding) => finding.rule);
  assert.ok(expected.length > 0, "the home example raises nothing natively");
  assert.deepEqual(shown, expected);
  const first = example.locator('[data-testid="finding"]').first();
  assert.match(await first.textContent(), /line \d+, column \d+/);
  assert.deepEqual(problems, []);
  await page.screenshot({ path: join(root, "target/www-home.png"), fullPage: true });
  await page.close();
});

test("every rule's Example shows its rule and its Use instead shows none", async () => {
  const { page, problems } = await open("rules.html");
  const sections = await page.locator("section.rule").evaluateAll((nodes) =>
    nodes.map((node) => ({
      rule: node.dataset.rule,
      checks: [...node.querySelectorAll("seaworthy-check")].map((element) => ({
        section: element.dataset.section,
        rules: [...element.querySelectorAll('[data-testid="finding"]')].map((item) => item.dataset.rule),
      })),
      links: [...node.querySelectorAll("a.playground")].map((link) => link.getAttribute("href")),
    })),
  );
  assert.deepEqual(sections.map((section) => section.rule), npm.rules().map((rule) => rule.id));
  for (const { rule, checks, links } of sections) {
    const example = checks.find((check) => check.section === "Example");
    const instead = checks.find((check) => check.section === "Use instead");
    assert.ok(example && instead, `${rule}: missing live examples`);
    assert.ok(example.rules.includes(rule), `${rule}: its Example shows ${JSON.stringify(example.rules)}`);
    assert.deepEqual(example.rules.filter((id) => id !== rule), [], `${rule}: only its own rule is on`);
    assert.deepEqual(instead.rules, [], `${rule}: its Use instead shows findings`);
    assert.equal(links.length, 2, `${rule}: playground links`);
    for (const link of links) {
      const fragment = link.slice(link.indexOf("#") + 1);
      assert.ok(fragment.startsWith("w="), link);
      const workspace = JSON.parse(inflateRawSync(Buffer.from(fragment.slice(2), "base64url")).toString("utf8"));
      assert.equal(workspace.files.length, 1);
      assert.ok(workspace.files[0].text.length > 0);
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});
