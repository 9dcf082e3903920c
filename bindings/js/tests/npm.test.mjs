// The built npm package (target/npm/seaworthy-policy) as Node.js consumers use it: require() and import of the
// nodejs build, every rule's documented examples, positions in UTF-16 and bytes, errors thrown as Error.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const npm = join(root, "target/npm/seaworthy-policy");
assert.ok(existsSync(join(npm, "package.json")), `no npm package at ${npm}: run scripts/test-bindings.sh`);
const seaworthy = createRequire(import.meta.url)(npm);
const manifest = JSON.parse(readFileSync(join(npm, "package.json"), "utf8"));

/**
 * The file a docs example is checked as, from its fence's info string, as policy-core's `rules::example_path`
 * reads it: a path after the language (`yaml .github/workflows/deploy.yml`), else one per language.
 */
function examplePath(info) {
  const [lang = "", path] = info.trim().split(/\s+/);
  return path ?? { dockerfile: "Dockerfile", yaml: "manifest.yaml", yml: "manifest.yaml", sh: "deploy.sh", bash: "deploy.sh", shell: "deploy.sh" }[lang.toLowerCase()];
}

/** The first example under a rule's "## Example" and "## Use instead" headings. */
function examples(docs) {
  const found = {};
  for (const [, heading, info, code] of docs.matchAll(/## (Example|Use instead)\s*\n```([^\n]*)\n([\s\S]*?)```/g)) {
    found[heading] = { path: examplePath(info), content: code };
  }
  return found;
}

function only(id, rules) {
  return { rules: Object.fromEntries(rules.filter((rule) => rule.id !== id).map((rule) => [rule.id, "off"])) };
}

test("the package loads through require() and import, with its types", async () => {
  const imported = await import(pathToFileURL(join(npm, manifest.exports["."].node.default)));
  assert.equal(typeof imported.check, "function");
  assert.equal(imported.version(), seaworthy.version());
  const types = readFileSync(join(npm, manifest.types), "utf8");
  for (const declaration of ["export function check(files: SourceFile[]", "export interface Finding", "export function rules(): RuleInfo[]", "export function defaultConfig(): Config"]) {
    assert.ok(types.includes(declaration), `types lack ${declaration}`);
  }
  assert.ok(existsSync(join(npm, "README.md")));
  assert.ok(existsSync(join(npm, "web/policy_js.js")) && existsSync(join(npm, "web/seaworthy-check.js")));
});

test("version() is the package's version", () => {
  assert.equal(seaworthy.version(), manifest.version);
});

test("a Dockerfile is checked, with findings named by rule and placed on their line", () => {
  const content = "FROM node:latest\nRUN npm install\nUSER root\nCMD node server.js\n";
  const report = seaworthy.check([{ path: "Dockerfile", content }]);
  assert.equal(report.version, seaworthy.version());
  assert.deepEqual(report.files, [{ path: "Dockerfile", kind: "dockerfile" }]);
  assert.ok(report.findings.length > 0, "a latest-tagged root image raised nothing");
  const ids = new Set(seaworthy.rules().map((rule) => rule.id));
  const lines = content.split("\n");
  for (const finding of report.findings) {
    assert.ok(ids.has(finding.rule), `unknown rule ${finding.rule}`);
    assert.equal(finding.path, "Dockerfile");
    assert.ok(finding.message.length > 0 && finding.help.length > 0);
    assert.ok(finding.line >= 1 && finding.line <= lines.length);
  }
  const total = report.summary.error + report.summary.warning + report.summary.info;
  assert.equal(total, report.findings.length);
  if (ids.has("latest-base-image")) {
    assert.ok(report.findings.some((f) => f.rule === "latest-base-image" && f.line === 1), JSON.stringify(report.findings));
  }
  if (ids.has("root-user")) {
    assert.ok(report.findings.some((f) => f.rule === "root-user" && f.line === 3), JSON.stringify(report.findings));
  }
});

test("columns are UTF-16 code units and spans are UTF-8 bytes, past non-ASCII text", () => {
  const content = "\u{feff}# caf\u{e9} \u{1f433}\nFROM node:latest\nRUN echo \"\u{1f433}\u{e9}\" && apt-get install curl && pip install flask\nUSER root\n";
  const report = seaworthy.check([{ path: "Dockerfile", content }]);
  const bytes = Buffer.from(content, "utf8");
  const lines = content.split("\n");
  let checked = 0;
  for (const finding of report.findings.filter((f) => f.line === f.end_line && f.span.end > f.span.start)) {
    const bySpan = bytes.subarray(finding.span.start, finding.span.end).toString("utf8");
    const byColumns = lines[finding.line - 1].slice(finding.column - 1, finding.end_column - 1);
    assert.equal(byColumns, bySpan, `${finding.rule} at ${finding.line}:${finding.column}`);
    checked += 1;
  }
  assert.ok(checked > 0, "no single-line finding to compare");
});

test("every rule's Example raises it and its Use instead raises nothing, through the package", () => {
  const rules = seaworthy.rules();
  assert.ok(rules.length > 0);
  assert.deepEqual(rules.map((rule) => rule.id), [...rules.map((rule) => rule.id)].sort());
  for (const rule of rules) {
    const { Example: bad, "Use instead": good } = examples(rule.docs);
    assert.ok(bad && good, `${rule.id} lacks an Example or a Use instead block`);
    const example = rule["example-config"] ? JSON.parse(rule["example-config"]) : {};
    const config = { ...example, rules: { ...(example.rules ?? {}), ...only(rule.id, rules).rules } };
    const raised = seaworthy.check([bad], config).findings.map((f) => f.rule);
    assert.ok(raised.includes(rule.id), `${rule.id}: its Example raised ${JSON.stringify(raised)}`);
    assert.deepEqual(seaworthy.check([good], config).findings, [], `${rule.id}: its Use instead raised findings`);
  }
});

test("config is applied and bad arguments throw Errors naming the argument", () => {
  const config = seaworthy.defaultConfig();
  assert.ok(Array.isArray(config["required-labels"]));
  assert.equal(typeof config.limits["max-file-bytes"], "number");
  const file = { path: "Dockerfile", content: "FROM alpine:3.20\n" };
  const tight = seaworthy.check([file], { limits: { "max-file-bytes": 4 } });
  assert.ok(tight.findings.some((f) => /over the limit/.test(f.message)), JSON.stringify(tight.findings));
  assert.deepEqual(seaworthy.check([file], null), seaworthy.check([file]));
  assert.throws(() => seaworthy.check([file], { rulez: {} }), (error) => error instanceof Error && /`config`/.test(error.message) && /rulez/.test(error.message));
  assert.throws(() => seaworthy.check({ path: "Dockerfile" }), (error) => error instanceof Error && /`files`/.test(error.message));
  assert.throws(() => seaworthy.check([{ path: "Dockerfile", content: 42 }]), Error);
});

test("shell scripts and CI workflows are kinds of their own, told by name, shebang or the kind field", () => {
  const script = "#!/usr/bin/env bash\nset -eu\nkubectl -n shop create deployment web --image=web:1.4.2\n";
  const workflow = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl scale deploy/web --replicas=3\n";
  const report = seaworthy.check([
    { path: "bin/deploy", content: script },
    { path: ".github/workflows/deploy.yml", content: workflow },
    { path: "steps.txt", content: "kubectl label ns shop team=a\n", kind: "shell" },
  ]);
  assert.deepEqual(report.files.map((file) => file.kind), ["shell", "ci", "shell"]);
  const flagged = report.findings.filter((f) => f.rule === "imperative-kubectl").map((f) => [f.path, f.line, f.column]);
  assert.deepEqual(flagged, [[".github/workflows/deploy.yml", 6, 14], ["bin/deploy", 3, 1], ["steps.txt", 1, 1]]);
  const types = readFileSync(join(npm, manifest.types), "utf8");
  assert.ok(types.includes('export type Kind = "dockerfile" | "kubernetes" | "shell" | "ci"'), "types lack the Kind union");
});

test("files that cannot be read are findings, not exceptions", () => {
  const report = seaworthy.check([{ path: "notes.txt", content: "hello" }, { path: "Dockerfile", content: "\u0000\u0001FROM" }]);
  assert.ok(report.findings.some((f) => f.path === "notes.txt" && f.rule === "parse-error"));
});
