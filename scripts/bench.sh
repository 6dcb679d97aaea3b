#!/usr/bin/env bash
# Reproduces every number of BENCHMARKS.md on this machine: criterion benchmarks with same-run
# baselines (medians and ratios), peak memory of `itnio validate`, the status-report receiver
# under load, and compile time.
set -euo pipefail
cd "$(dirname "$0")/.."
# receiver-load starts a PostgreSQL server of its own: install Debian's where it is missing.
scripts/provision.sh
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(rustc --version)"
# The `cli` benchmarks time the release binary as a whole process.
cargo build -q --release -p itnio-cli --bin itnio
cargo bench -p itnio-bench --bench perf
echo
echo "## Speed"
cargo run -q --release -p itnio-bench --bin bench-report -- target/criterion
echo
echo "## Memory"
echo "| command | callees | file | peak RSS | RSS / file | wall |"
echo "|---|---:|---:|---:|---:|---|"
scripts/measure-memory.sh
scripts/measure-campaign.sh
echo
echo "## Status-report receiver"
cargo build -q --release -p itnio-bench --bin receiver-load
target/release/receiver-load 10 16
target/release/receiver-load 10 4
echo
echo "## Compile time"
scripts/compile-time.sh
