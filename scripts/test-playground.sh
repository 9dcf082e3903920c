#!/usr/bin/env bash
# Tests the playground: its native reducer tests, a release build of dist/, the browser tests against dist/ served
# on 127.0.0.1 in Debian's headless Chromium, and the budgets (gzip size of dist/, time to first findings).
# Screenshots and figures go to playground/e2e/output/. scripts/test.sh calls this.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-web-tools.sh
export PATH="$PWD/playground/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "playground: native state and reducer tests"
cargo test -p playground --locked

step "playground: lints of the browser code (wasm32)"
cargo clippy -p playground --target wasm32-unknown-unknown --locked -- -D warnings

step "playground: trunk build --release"
trunk build --release

step "playground: serving dist/ on 127.0.0.1"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
url="http://127.0.0.1:$port/"
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('$url')" 2>/dev/null && break
  sleep 0.1
done

step "playground: browser tests (headless Chromium)"
rm -rf playground/e2e/output
PLAYGROUND_URL="$url" node --test --test-concurrency=1 playground/e2e/

step "playground: budgets"
PLAYGROUND_URL="$url" node playground/e2e/budget.mjs dist "$url"
