// Builds Seaworthy's docs site into target/www: the home page (what Seaworthy checks, a live example and the
// snippet to embed one) and the rule reference, generated from the registry through the built npm package's
// rules(). Every rule's Example and Use instead run live in <seaworthy-check>, and open in the playground.
//
//   node www/build.mjs [--npm target/npm/seaworthy-policy] [--out target/www]
//
// SEAWORTHY_PLAYGROUND_URL sets where the playground is (default: playground/ beside the site).

import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { marked } from "marked";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? resolve(process.argv[index + 1]) : fallback;
}

const npm = option("--npm", join(root, "target/npm/seaworthy-policy"));
const out = option("--out", join(root, "target/www"));
const playground = process.env.SEAWORTHY_PLAYGROUND_URL ?? "playground/";

const seaworthy = createRequire(import.meta.url)(join(npm, "node/policy_js.cjs"));
const rules = seaworthy.rules();
const version = seaworthy.version();

/** HTML text and attribute escaping. */
export function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/**
 * The playground's share fragment (playground/src/share.rs): `w=` then base64url without padding of the
 * raw-deflated JSON workspace `{files: [{path, text}], config, active}`.
 */
export function playgroundLink(files) {
  const workspace = { files: files.map(({ path, text }) => ({ path, text })), config: "", active: 0 };
  const deflated = deflateRawSync(Buffer.from(JSON.stringify(workspace)), { level: 9 });
  return `${playground}#w=${deflated.toString("base64url")}`;
}

/**
 * The file name an example is checked as, from its fence's info string, as policy-core's `rules::example_path`
 * reads it: a path after the language (`yaml .github/workflows/deploy.yml`), else one per language.
 */
function pathFor(info = "") {
  const [lang = "", path] = info.trim().split(/\s+/);
  const byLanguage = { yaml: "manifest.yaml", yml: "manifest.yaml", sh: "deploy.sh", bash: "deploy.sh", shell: "deploy.sh" };
  return path ?? byLanguage[lang.toLowerCase()] ?? "Dockerfile";
}

const LIVE_SECTIONS = new Set(["Example", "Use instead"]);

/**
 * A rule's docs as HTML. The code blocks under Example and Use instead become live <seaworthy-check> elements
 * that keep only this rule on, as the registry tests run them. Answers the HTML and the examples found.
 */
function renderRule(rule) {
  const tokens = marked.lexer(rule.docs);
  const examples = [];
  let section = "";
  for (const [index, token] of tokens.entries()) {
    if (token.type === "heading") {
      section = token.text;
      token.depth = 3;
    } else if (token.type === "code" && LIVE_SECTIONS.has(section)) {
      const path = pathFor(token.lang);
      examples.push({ section, path, text: token.text + "\n" });
      // A rule whose examples need a setting (`untrusted-registry` needs `trusted-registries`) carries it in its
      // catalogue entry, as JSON, which is the component's `config` attribute.
      const config = rule["example-config"] ? ` config="${escape(JSON.stringify(JSON.parse(rule["example-config"])))}"` : "";
      const html =
        `<seaworthy-check only="${escape(rule.id)}"${config} path="${path}" data-section="${escape(section)}">\n` +
        `${escape(token.text)}\n</seaworthy-check>\n`;
      tokens[index] = { type: "html", block: true, raw: html, text: html, pre: false };
    }
  }
  return { html: marked.parser(tokens), examples };
}

function page(title, body, { active }) {
  const link = (href, label, name) =>
    `<a href="${href}"${active === name ? ' aria-current="page"' : ""}>${label}</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="style.css">
<script type="module" src="pkg/web/seaworthy-check.js"></script>
</head>
<body>
<header class="site">
<a class="brand" href="index.html">Seaworthy</a>
<nav>${link("index.html", "Overview", "home")} ${link("rules.html", "Rules", "rules")} ${link(playground, "Playground", "playground")}</nav>
</header>
<main>
${body}
</main>
<footer>Seaworthy ${escape(version)} · ${rules.length} rules · checks run in your browser; nothing is uploaded.</footer>
</body>
</html>
`;
}

const CATEGORY_TITLES = {
  syntax: "Reading the input",
  image: "Base images",
  build: "Building images",
  security: "Security",
  organization: "Organization",
  resources: "Resources",
  reliability: "Reliability",
};

/** Where a rule applies: syntax rules to any input, the others to the kind their examples are written in. */
function kindOf(rule) {
  if (rule.category === "syntax") return "both";
  const fence = rule.docs.match(/```(\w+)/);
  return { yaml: "kubernetes", sh: "scripts" }[fence?.[1]] ?? "dockerfile";
}

/** A one-line summary with its `code` spans, escaped. */
function inline(text) {
  return escape(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function homePage() {
  const byKind = { dockerfile: [], kubernetes: [], scripts: [], both: [] };
  for (const rule of rules) byKind[kindOf(rule)].push(rule);
  const list = (items) =>
    items.length === 0
      ? "<p>None yet.</p>"
      : `<ul class="rule-list">${items
          .map((rule) => `<li><a href="rules.html#${escape(rule.id)}"><code>${escape(rule.id)}</code></a> ${inline(rule.summary)}</li>`)
          .join("\n")}</ul>`;
  const example = `FROM node:latest
MAINTAINER ops@example.com
RUN apt-get update && apt-get install curl
COPY . /app
CMD node /app/server.js
`;
  const snippet = `<script type="module" src="/node_modules/@seaworthy/policy/web/seaworthy-check.js"></script>

<seaworthy-check path="Dockerfile">
${escape(example)}</seaworthy-check>`;
  const body = `
<h1>Seaworthy</h1>
<p class="lead">Seaworthy checks Dockerfiles and Kubernetes manifests against container safe practices: small,
pinned base images; non-root users; no secrets baked into layers; resource requests and limits; probes; labels;
current API versions. It reads deploy scripts and CI steps for imperative <code>kubectl</code> commands too. Every
finding points at the exact instruction, key, value or command, says what is wrong and what to do instead.</p>

<h2>What it checks</h2>
<h3>Dockerfiles</h3>
${list(byKind.dockerfile)}
<h3>Kubernetes manifests</h3>
${list(byKind.kubernetes)}
<h3>Shell scripts and CI steps</h3>
${list(byKind.scripts)}
<h3>Reading any input</h3>
${list(byKind.both)}

<h2>Try it</h2>
<p>The example below is checked in your browser as the page loads, by the same engine the CLI runs, compiled to
WebAssembly.</p>
<seaworthy-check path="Dockerfile" id="home-example">
${escape(example)}</seaworthy-check>
<p><a class="playground" href="${escape(playgroundLink([{ path: "Dockerfile", text: example }]))}">Open this example in the playground</a></p>

<h2>Put live examples in your own docs</h2>
<p>The npm package ships the <code>&lt;seaworthy-check&gt;</code> element. Load it once, then wrap any Dockerfile
or manifest (escape <code>&lt;</code> and <code>&amp;</code> as in any HTML). Attributes: <code>path</code>,
<code>kind</code>, <code>only</code> (rule ids to keep) and <code>config</code> (JSON).</p>
<pre class="snippet"><code>${escape(snippet)}</code></pre>

<h2>Where it runs</h2>
<ul>
<li><strong>CLI</strong>: <code>seaworthy check</code> over a repository, with text, JSON and SARIF output.</li>
<li><strong>Playground</strong>: edit files and see findings as you type.</li>
<li><strong>npm package</strong>: <code>check(files, config)</code>, <code>rules()</code>, <code>version()</code> and
<code>defaultConfig()</code> for Node.js and browsers.</li>
<li><strong>Raw WebAssembly</strong>: a module with no imports for any runtime (wasmtime, wasmer, wazero, Python, a
browser without glue).</li>
<li><strong>Kubewarden</strong>: an admission policy that rejects objects breaking the per-object rules before they
reach the cluster. An admission request carries one object, so rules that compare several objects do not run
there.</li>
</ul>
`;
  return page("Seaworthy: container safe practices, checked", body, { active: "home" });
}

function rulesPage() {
  const categories = new Map();
  for (const rule of rules) {
    if (!categories.has(rule.category)) categories.set(rule.category, []);
    categories.get(rule.category).push(rule);
  }
  const toc = [...categories]
    .map(
      ([category, items]) =>
        `<li>${escape(CATEGORY_TITLES[category] ?? category)}<ul>${items
          .map((rule) => `<li><a href="#${escape(rule.id)}"><code>${escape(rule.id)}</code></a></li>`)
          .join("")}</ul></li>`,
    )
    .join("\n");
  const sections = rules
    .map((rule) => {
      const { html, examples } = renderRule(rule);
      const peers = rule.peers.map((peer) => `${escape(peer.tool)} <code>${escape(peer.id)}</code>`).join(", ");
      // One playground link per section: the first example of each (a rule may show a script and a workflow).
      const links = examples
        .filter((example, at) => examples.findIndex((other) => other.section === example.section) === at)
        .map(
          (example) =>
            `<a class="playground" data-section="${escape(example.section)}" href="${escape(
              playgroundLink([{ path: example.path, text: example.text }]),
            )}">Open the ${escape(example.section.toLowerCase())} in the playground</a>`,
        )
        .join(" · ");
      return `<section class="rule" id="${escape(rule.id)}" data-rule="${escape(rule.id)}">
<h2><a href="#${escape(rule.id)}"><code>${escape(rule.id)}</code></a></h2>
<p class="summary">${inline(rule.summary)}</p>
<p class="meta">Severity: <strong>${escape(rule.severity)}</strong> · Category: ${escape(rule.category)}${peers ? ` · Peers: ${peers}` : ""}</p>
${html}
<p class="links">${links}</p>
</section>`;
    })
    .join("\n");
  const body = `
<h1>Rules</h1>
<p>Seaworthy has ${rules.length} rules. Turn one off or change its severity in <code>.seaworthy.yaml</code> under
<code>rules:</code>, or for one instruction or key with a <code># seaworthy ignore=rule-id</code> comment on the line before. The examples below run live,
with only their rule enabled.</p>
<nav class="toc"><ul>${toc}</ul></nav>
${sections}
`;
  return page("Seaworthy rules", body, { active: "rules" });
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(npm, "web"), join(out, "pkg/web"), { recursive: true });
cpSync(join(here, "src/style.css"), join(out, "style.css"));
writeFileSync(join(out, "index.html"), homePage());
writeFileSync(join(out, "rules.html"), rulesPage());
writeFileSync(
  join(out, "rules.json"),
  JSON.stringify(rules.map(({ id, severity, category, summary }) => ({ id, severity, category, summary })), null, 2),
);
console.log(`www: ${rules.length} rules → ${out}`);

