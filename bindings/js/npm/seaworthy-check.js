// <seaworthy-check>: a live example for docs sites. It shows its text as a code block and Seaworthy's findings
// under it, checked in the browser by the npm package's web build (no server). Ships in the package as
// web/seaworthy-check.js, beside the module it loads.
//
//   <script type="module" src="/node_modules/@seaworthy/policy/web/seaworthy-check.js"></script>
//   <seaworthy-check path="Dockerfile">
//   FROM node:latest
//   RUN npm install
//   </seaworthy-check>
//
// Attributes: `path` (tells the kind: Dockerfile, *.Dockerfile, *.yaml, *.sh, .github/workflows/*.yml,
// .gitlab-ci.yml; default "Dockerfile"), `kind` ("dockerfile", "kubernetes", "shell" or "ci"; overrides the path), `only` (space-separated rule ids: all other rules off),
// `config` (JSON, the keys of .seaworthy.yaml). Escape `<` and `&` in the text as in any HTML.

import init, { check, rules } from "./policy_js.js";

let ready;

/** Loads and instantiates the wasm module once per page. */
function load() {
  ready ??= init({ module_or_path: new URL("./policy_js_bg.wasm", import.meta.url) });
  return ready;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The text as written between the tags: one leading newline and the common indentation removed. */
function dedent(text) {
  const lines = text.replace(/^\r?\n/, "").replace(/\s+$/, "").split(/\r?\n/);
  const indents = lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)[0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common)).join("\n") + "\n";
}

/** Text with its `code` spans as <code> nodes; built as nodes, never as HTML, since messages quote the input. */
function withCode(text) {
  return text.split("`").map((part, index) => (index % 2 === 1 ? element("code", {}, part) : part));
}

function configFor(host) {
  let config = {};
  const json = host.getAttribute("config");
  if (json) config = JSON.parse(json);
  const only = host.getAttribute("only");
  if (only) {
    const keep = new Set(only.split(/\s+/).filter(Boolean));
    config.rules = { ...(config.rules ?? {}) };
    for (const rule of rules()) {
      if (!keep.has(rule.id)) config.rules[rule.id] = "off";
    }
  }
  return config;
}

class SeaworthyCheck extends HTMLElement {
  async connectedCallback() {
    if (this.source !== undefined) return;
    this.source = dedent(this.textContent);
    const lines = this.source.replace(/\n$/, "").split("\n");
    const code = element("code");
    this.lineNodes = lines.map((line, index) => {
      const node = element("span", { class: "line", "data-line": String(index + 1) }, line + "\n");
      code.append(node);
      return node;
    });
    this.findingsList = element("ul", { class: "seaworthy-findings", "data-testid": "findings", "aria-live": "polite" });
    this.status = element("p", { class: "seaworthy-status" }, "Checking…");
    this.replaceChildren(element("pre", { class: "seaworthy-code" }, code), this.status, this.findingsList);
    try {
      await load();
      const file = { path: this.getAttribute("path") ?? "Dockerfile", content: this.source };
      const kind = this.getAttribute("kind");
      if (kind) file.kind = kind;
      this.render(check([file], configFor(this)));
    } catch (error) {
      this.status.textContent = `Seaworthy could not check this example: ${error.message ?? error}`;
      this.setAttribute("data-state", "error");
    }
  }

  render(report) {
    for (const finding of report.findings) {
      for (let line = finding.line; line <= Math.max(finding.line, finding.end_line); line += 1) {
        this.lineNodes[line - 1]?.classList.add(`flagged-${finding.severity}`);
      }
      const item = element(
        "li",
        { class: `seaworthy-finding ${finding.severity}`, "data-testid": "finding", "data-rule": finding.rule },
        element("span", { class: "severity" }, finding.severity),
        " ",
        element("code", { class: "rule" }, finding.rule),
        " ",
        element("span", { class: "position" }, `line ${finding.line}, column ${finding.column}`),
        ": ",
        element("span", { class: "message" }, ...withCode(finding.message)),
        element("span", { class: "help" }, ...withCode(finding.help)),
      );
      this.findingsList.append(item);
    }
    const count = report.findings.length;
    this.status.textContent = count === 0 ? "No findings." : `${count} finding${count === 1 ? "" : "s"}:`;
    this.setAttribute("data-state", "checked");
    this.dispatchEvent(new CustomEvent("seaworthy-checked", { detail: report, bubbles: true }));
  }
}

if (!customElements.get("seaworthy-check")) customElements.define("seaworthy-check", SeaworthyCheck);
