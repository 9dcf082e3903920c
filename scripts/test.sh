#!/usr/bin/env bash
# Runs every test of the project, installing what the tests need when it is missing. CI calls this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "tools: rust targets, trunk, wasm-bindgen-cli, npm packages, Chromium (each only when missing)"
bash scripts/install-wasm-tools.sh

step "formatting"
cargo fmt --all -- --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "workspace tests"
cargo test --workspace --locked

step "policy-core builds for wasm32-unknown-unknown"
cargo build -p policy-core --target wasm32-unknown-unknown --locked

step "rule reference and the playground's rules.json are up to date"
cargo run -q -p seaworthy-cli --locked -- rules --format markdown > target/rules.md
diff -u docs/rules.md target/rules.md || { echo "docs/rules.md is stale: regenerate with scripts/gen-docs.sh"; exit 1; }
cargo run -q -p seaworthy-cli --locked -- rules --format json > target/rules.json
cmp -s playground/rules.json target/rules.json ||
  { echo "playground/rules.json is stale: regenerate with scripts/gen-docs.sh"; exit 1; }

step "peer parity: every difference from hadolint and checkov has a reason in docs/parity.md (about 45 s)"
# hadolint and checkov at the versions docs/parity.md was written against, in target/peers (scripts/install-peers.sh).
PATH="$(bash scripts/install-peers.sh):$PATH"
cargo run -q -p seaworthy-bench --locked -- parity > target/parity.txt ||
  { grep -B2 -A8 UNEXPLAINED target/parity.txt; echo "explain or fix these differences (docs/parity.md)"; exit 1; }
sed -n '/^Summary/,$p' target/parity.txt
if grep -q "not compared" target/parity.txt; then
  echo "a peer did not run, so the parity above proves nothing: see scripts/install-peers.sh"
  exit 1
fi

step "exported modules: raw ABI, Kubewarden policy, npm package, docs site"
bash scripts/test-bindings.sh

step "playground"
bash scripts/test-playground.sh
