#!/usr/bin/env bash
# The README's first command: installs whatever is missing, builds the playground and serves it at
# http://127.0.0.1:8080 (Ctrl+C stops it). Set PORT to use another port.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-web-tools.sh
export PATH="$PWD/playground/node_modules/.bin:$HOME/.cargo/bin:$PATH"

port="${PORT:-8080}"
echo "Building the playground; it will be at http://127.0.0.1:$port"
exec trunk serve --release --no-autoreload --disable-address-lookup --address 127.0.0.1 --port "$port"
