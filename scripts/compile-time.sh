#!/usr/bin/env bash
# Compile time of the generated crate, dependencies already built (median of 3 each):
# - `cargo check -p itnio-voice` after `cargo xtask regen` touches the generated files (what a
#   spec edit costs; incremental compilation reuses what did not change);
# - the same after `cargo clean -p itnio-voice`: the whole crate checked from nothing, the cost
#   of the generated code itself.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo check -q -p itnio-voice

median_of_3() {
  local times=()
  for _ in 1 2 3; do
    "$1"
    local start end
    start=$(date +%s.%N)
    cargo check -q -p itnio-voice
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')")
  done
  printf '%s s (runs: %s)' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)" "${times[*]}"
}

touch_generated() {
  cargo xtask regen >/dev/null
  touch generated-client/src/generated/*.rs
}

clean_crate() {
  cargo clean -q -p itnio-voice
}

lines=$(cat generated-client/src/generated/*.rs | wc -l)
echo "| what | median | |"
echo "|---|---:|---|"
echo "| cargo check -p itnio-voice after regen touches the generated files | $(median_of_3 touch_generated) | $lines generated lines |"
echo "| cargo check -p itnio-voice after cargo clean -p itnio-voice | $(median_of_3 clean_crate) | whole crate |"
