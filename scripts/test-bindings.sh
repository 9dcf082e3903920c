#!/usr/bin/env bash
# Builds and tests the exported modules: the raw ABI and the Kubewarden policy (target/wasm/), the npm package
# (target/npm/seaworthy-policy/, web and nodejs builds), and the docs site (target/www/); then runs the node tests
# (the npm package, the ABI with bare WebAssembly, the docs page in headless Chromium) and checks the gzip size
# budgets. The Rust conformance tests (bindings/conformance) run under `cargo test --workspace`.
# Idempotent: cargo, wasm-bindgen and the site build only redo what changed, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

ABI_BUDGET=250000 # bytes: 250 KB
KUBEWARDEN_BUDGET=350000
NPM=target/npm/seaworthy-policy

step "wasm tools"
bash scripts/install-wasm-tools.sh

step "lints of the wasm-only code"
cargo clippy --locked --target wasm32-unknown-unknown -p policy-abi -p policy-js -- -D warnings
cargo clippy --locked --target wasm32-wasip1 -p policy-kubewarden -- -D warnings

step "raw ABI and Kubewarden modules"
cargo run -q --locked -p policy-bindings-conformance --bin build-wasm

step "npm package"
cargo build --release --locked --target wasm32-unknown-unknown -p policy-js
built=target/wasm32-unknown-unknown/release/policy_js.wasm
mkdir -p "$NPM"
wasm-bindgen --target web --out-dir "$NPM/web" "$built"
wasm-bindgen --target nodejs --out-dir "$NPM/node" "$built"
# The package is `"type": "module"`; the nodejs build is CommonJS, so it gets the .cjs extension.
mv -f "$NPM/node/policy_js.js" "$NPM/node/policy_js.cjs"
cp bindings/js/npm/package.json bindings/js/README.md "$NPM/"
cp bindings/js/npm/seaworthy-check.js "$NPM/web/"

step "docs site"
if [[ ! -d www/node_modules/marked || ! -d www/node_modules/playwright-core ]]; then
  npm ci --prefix www --no-audit --no-fund
fi
node www/build.mjs

step "node tests"
node --test bindings/js/tests/ bindings/abi/tests/ www/tests/

step "size budgets (gzip -9)"
over=0
budget() {
  local file=$1 limit=$2 size
  size=$(gzip -9 -c "$file" | wc -c)
  printf '%-40s %7d bytes raw, %7d bytes gzip, budget %7d\n' "$file" "$(wc -c <"$file")" "$size" "$limit"
  if ((size > limit)); then
    echo "  over budget by $((size - limit)) bytes"
    over=1
  fi
}
budget target/wasm/policy_abi.wasm "$ABI_BUDGET"
budget target/wasm/policy_kubewarden.wasm "$KUBEWARDEN_BUDGET"
printf '%-40s %7d bytes raw, %7d bytes gzip (no budget)\n' "$NPM/web/policy_js_bg.wasm" \
  "$(wc -c <"$NPM/web/policy_js_bg.wasm")" "$(gzip -9 -c "$NPM/web/policy_js_bg.wasm" | wc -c)"
exit "$over"
