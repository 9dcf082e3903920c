#!/usr/bin/env bash
# Installs what the wasm bindings need, each only when missing: the two rustup targets, wasm-bindgen-cli at exactly
# the wasm-bindgen version in Cargo.lock (the CLI refuses modules from another version), Chromium for the docs
# page test (Debian's package; never a downloaded browser). scripts/install-web-tools.sh, when present, installs
# the same wasm-bindgen-cli for the playground, so it is reused rather than duplicated.
set -euo pipefail
cd "$(dirname "$0")/.."

installed_targets=$(rustup target list --installed)
for target in wasm32-unknown-unknown wasm32-wasip1; do
  grep -qx "$target" <<<"$installed_targets" || rustup target add "$target"
done

if [[ -f scripts/install-web-tools.sh ]]; then
  bash scripts/install-web-tools.sh
fi

wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ -z "$wanted" ]]; then
  echo "install-wasm-tools: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [[ "$have" != "$wanted" ]]; then
  cargo install --locked wasm-bindgen-cli --version "=$wanted"
fi

if [[ ! -x /usr/bin/chromium ]]; then
  apt-get update
  apt-get install -y chromium
fi
