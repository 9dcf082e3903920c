#!/usr/bin/env bash
# Installs what the playground's build and browser tests need, each only when it is missing or at another version:
# the wasm32 target, trunk 0.21.14, wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version, Node.js and npm,
# the npm packages of playground/package-lock.json (CodeMirror, esbuild, binaryen's wasm-opt, playwright-core), and
# Debian's Chromium. Nothing downloads a browser or a prebuilt tool: Trunk runs offline with these.
#
# Afterwards put playground/node_modules/.bin first on PATH (the scripts that call this do): Debian's wasm-opt 108
# rejects the bulk-memory code that rustc emits, and Trunk.toml asks for binaryen's version_132.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
say() { printf 'install-web-tools: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# The wasm-bindgen CLI must match the library exactly, or it refuses the module.
wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ -z "$wanted" ]]; then
  say "no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [[ "$have" != "$wanted" ]]; then
  say "installing wasm-bindgen-cli $wanted (found: ${have:-none})"
  # --locked first; a registry mirror can lack one of the CLI's locked dependencies, and then the newest compatible
  # versions do the same job.
  cargo install --locked wasm-bindgen-cli --version "=$wanted" || cargo install wasm-bindgen-cli --version "=$wanted"
fi

apt_updated=false
apt_install() {
  if [[ "$apt_updated" == false ]]; then
    apt-get update
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Node.js and npm"
  apt_install nodejs npm
fi

# `npm ci` when the installed tree is missing or older than the lockfile.
stamp=playground/node_modules/.package-lock.json
if [[ ! -f "$stamp" || playground/package-lock.json -nt "$stamp" ]]; then
  say "installing the playground's npm packages"
  npm ci --prefix playground --no-audit --no-fund
fi
playground/node_modules/.bin/wasm-opt --version >/dev/null

if [[ ! -x /usr/bin/chromium ]]; then
  say "installing Debian's Chromium"
  apt_install chromium
fi
