#!/usr/bin/env bash
# Regenerates what is generated from the registry: the rule reference and the playground's rules.json, the rules'
# docs that the page loads when one is opened (scripts/test.sh fails when either is stale), and
# schemas/config.schema.json (tests/schemas.rs fails when it is stale).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q -p seaworthy-cli -- rules --format markdown > docs/rules.md
cargo run -q -p seaworthy-cli -- rules --format json > playground/rules.json
SEAWORTHY_UPDATE_SCHEMAS=1 cargo test -q -p seaworthy-tests --test schemas the_config_schema_is_generated_from_the_registry > /dev/null
