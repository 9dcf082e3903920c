#!/usr/bin/env bash
# Runs the cargo-fuzz targets one after another and prints, per target, the executions, executions per second and
# crashes found (files libFuzzer left in fuzz/artifacts/<target>/: panics, broken invariants, timeouts, OOMs).
#
#   scripts/fuzz.sh [SECONDS-PER-TARGET] [TARGET...]     (default: 60 seconds, every target)
#
# One job per target, one target at a time: the machine has two cores shared with other builds. A run over 10s
# on one input counts as a crash (-timeout=10), so does a run over 2 GB (-rss_limit_mb=2048). Logs go to
# target/fuzz-logs/<target>.log. Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Exits 1 when any target found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dockerfile yaml check config abi)

command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --locked
[ -d fuzz/corpus ] || bash scripts/fuzz-seed.sh > /dev/null
mkdir -p target/fuzz-logs

# Build once, then run the binaries: `cargo fuzz run` would rebuild whenever policy-core changed meanwhile, and
# the time column should count fuzzing only.
(cd fuzz && cargo +nightly fuzz build)
bin=fuzz/target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release

rows=()
failed=0
for target in "${targets[@]}"; do
  log=target/fuzz-logs/$target.log
  artifacts=fuzz/artifacts/$target
  mkdir -p "$artifacts" "fuzz/corpus/$target"
  before=$(find "$artifacts" -type f | wc -l)
  echo "==> $target for ${seconds}s (log: $log)"
  start=$(date +%s)
  # -fork=1 keeps fuzzing after a crash (one job, one core) so one bug does not end the run; each crash is saved.
  "$bin/$target" "fuzz/corpus/$target" -artifact_prefix="$artifacts/" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
    -ignore_ooms=1 > "$log" 2>&1 || true
  elapsed=$(( $(date +%s) - start ))
  # The parent's status lines ("#N: cov: ... exec/s: R ...") count executions over all jobs; their exec/s is the
  # last job's, so the average is worked out here.
  execs=$(grep -Eo '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
  execs=${execs:-0}
  rate=$(( execs / (elapsed > 0 ? elapsed : 1) ))
  after=$(find "$artifacts" -type f | wc -l)
  crashes=$(( after - before ))
  [ "$crashes" -eq 0 ] || failed=1
  rows+=("$(printf '%-10s %12s %8s %7ss %8s' "$target" "$execs" "$rate" "$elapsed" "$crashes")")
done

printf '\n%-10s %12s %8s %8s %8s\n' target execs exec/s time crashes
printf '%s\n' "${rows[@]}"
[ "$failed" -eq 0 ] || { echo "crashes saved under fuzz/artifacts/<target>/; reproduce: cd fuzz && cargo +nightly fuzz run TARGET artifacts/TARGET/FILE"; exit 1; }
