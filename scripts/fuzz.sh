#!/usr/bin/env bash
# Runs the cargo-fuzz targets (nightly Rust), each for SECONDS (default 600), starting from the
# seed corpus in fuzz/seeds/<target>; new inputs go to fuzz/corpus/<target>, crashes to
# fuzz/artifacts/<target>. Installs cargo-fuzz from crates.io when it is missing.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Targets: response_decoder request_validator spec_loader cli_file receiver_body. The last lines of each
# run (executions, corpus size) go to fuzz/logs/<target>.log for FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(response_decoder request_validator spec_loader cli_file receiver_body)
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz" >&2
  cargo +nightly install cargo-fuzz --locked
fi
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  echo "== $t for ${seconds}s" >&2
  (cd fuzz && cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=1048576 -print_final_stats=1) \
    2>&1 | tee "fuzz/logs/$t.log" | grep -E "^#[0-9]+.*(pulse|DONE)|^Done|ERROR|panicked|stat::" >&2
done
