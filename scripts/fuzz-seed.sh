#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds: the fixtures, the shared corpus (../shared/corpus, or $SEAWORTHY_CORPUS),
# the rules' documented examples, and the hand-made seeds in fuzz/seeds/. The corpus folders are not committed
# (.gitignore): libFuzzer adds thousands of inputs to them. Running it again only adds files.
set -euo pipefail
cd "$(dirname "$0")/.."

shared=${SEAWORTHY_CORPUS:-../shared/corpus}
out=fuzz/corpus
mkdir -p "$out"/{dockerfile,yaml,check,config,abi}

# seed TARGET NAME: standard input becomes fuzz/corpus/TARGET/NAME.
seed() { cat > "$out/$1/$2"; }

# The fenced ```LANG blocks of the rules' docs (Example and Use instead), one file each. LANG may go on with the
# file name the block stands for, as in ```yaml .github/workflows/deploy.yml.
doc_examples() {
  local lang=$1 dir=$2
  find policy-core/src/rules -name '*.rs' -print0 | sort -z | while IFS= read -r -d '' file; do
    awk -v lang="$lang" -v dir="$dir" -v base="$(basename "$file" .rs)" '
      $0 ~ "^ *///? ?```" lang "$" { n++; name = dir "/doc-" base "-" n; printf "" > name; inside = 1; next }
      inside && /^ *\/\/\/ ?```/ { inside = 0; close(name); next }
      inside { line = $0; sub(/^ *\/\/\/ ?/, "", line); print line >> name }
    ' "$file"
  done
}

# The check target reads a head byte, then sources cut at NUL bytes (fuzz/src/lib.rs): 0x00 is one source named
# `Dockerfile`, 0x04 two named `deploy/app.yaml` and `service.yml` (the second empty here), 0x18 one named
# `scripts/build.sh`, 0x1e one named `.github/workflows/ci.yml`.
for file in tests/fixtures/dockerfile/*; do
  name=$(basename "$file")
  seed dockerfile "$name" < "$file"
  { printf '\x00'; cat "$file"; } | seed check "$name"
done
doc_examples dockerfile "$out/dockerfile"
for file in "$out"/dockerfile/doc-*; do { printf '\x00'; cat "$file"; } | seed check "$(basename "$file")"; done

yaml_files=(tests/fixtures/kubernetes/*)
if [ -d "$shared" ]; then
  mapfile -t -O ${#yaml_files[@]} yaml_files < <(find "$shared" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort)
else
  echo "note: no shared corpus at $shared; seeding from the fixtures only" >&2
fi
for file in "${yaml_files[@]}"; do
  name=$(printf '%s' "$file" | tr '/' '_')
  seed yaml "$name" < "$file"
  { printf '\x04'; cat "$file"; } | seed check "$name"
done
doc_examples yaml "$out/yaml"
for file in "$out"/yaml/doc-*; do { printf '\x04'; cat "$file"; } | seed check "$(basename "$file")"; done

# Shell scripts and CI files: the rules' examples, through the check target only.
mkdir -p "$out/.scripts/ci"
doc_examples sh "$out/.scripts"
for file in "$out"/.scripts/doc-*; do { printf '\x18'; cat "$file"; } | seed check "sh-$(basename "$file")"; done
doc_examples 'yaml [^ ]*(workflows/[^ ]*|gitlab-ci[.]yml)' "$out/.scripts/ci"
for file in "$out"/.scripts/ci/doc-*; do { printf '\x1e'; cat "$file"; } | seed check "ci-$(basename "$file")"; done
rm -rf "$out/.scripts"

# The README's `.seaworthy.yaml` example, the hand-made configs, and manifests (YAML a config loader must refuse).
awk '/^```yaml$/ { inside = 1; next } /^```$/ { inside = 0 } inside && seen { print } /\.seaworthy\.yaml/ { seen = 1 }' \
  README.md | seed config readme.yaml
cp fuzz/seeds/config/* "$out/config/"
for file in tests/fixtures/kubernetes/*; do seed config "manifest-$(basename "$file")" < "$file"; done
cp fuzz/seeds/check/* "$out/check/"

# ABI requests: each fixture as a one-file request, and each config seed as a request's config.
if command -v jq > /dev/null; then
  for file in tests/fixtures/*/*; do
    jq -Rsc --arg path "$(basename "$file")" '{files: [{path: $path, content: .}]}' < "$file" \
      | seed abi "$(basename "$file").json"
  done
  for file in "$out"/config/*.json; do
    jq -c '{files: [{path: "Dockerfile", content: "FROM node:latest\n"}], config: .}' < "$file" \
      | seed abi "config-$(basename "$file")"
  done
else
  echo "note: jq is missing; the abi target gets only the hand-made seeds" >&2
fi
cp fuzz/seeds/abi/* "$out/abi/"

for target in dockerfile yaml check config abi; do
  printf '%-10s %5d seeds\n' "$target" "$(find "$out/$target" -type f | wc -l)"
done
