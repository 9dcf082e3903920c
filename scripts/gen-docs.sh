#!/usr/bin/env bash
# Regenerates the rule reference from the registry; scripts/test.sh fails when it is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q -p seaworthy-cli -- rules --format markdown > docs/rules.md
