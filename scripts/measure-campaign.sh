#!/usr/bin/env bash
# Peak memory and wall time of `itnio campaign plan` on 250,000 CSV rows, alone and with the
# contact policy against a ledger of 5,000,000 calls (files from `gen-campaign-files`), against
# the CSV's size. Target: at most 2x the CSV plus the ledger's page cache. SQLite reads the
# ledger through a memory map, so the ledger's pages it touches are in the process's resident
# set as file pages: the peak is split into the program's own (anonymous) memory and file pages
# (the binary, and the ledger) by scripts/peak-memory.py.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p itnio-cli -p itnio-bench --bin itnio --bin gen-campaign-files
dir=target/bench-data/campaign
target/release/gen-campaign-files "$dir" 250000
csv_bytes=$(stat -c %s "$dir/debtors.csv")
echo "| command | rows | CSV | peak RSS | of it anonymous | of it file pages | RSS / CSV | anonymous / CSV | wall |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for mode in plain policy; do
  extra=()
  if [ "$mode" = policy ]; then
    extra=(--policy "$dir/policy.yaml" --ledger "$dir/ledger.sqlite")
  fi
  read -r anon file total wall < <(python3 scripts/peak-memory.py \
    target/release/itnio campaign plan "$dir/campaign.yaml" "$dir/debtors.csv" "${extra[@]}")
  awk -v m="$mode" -v b="$csv_bytes" -v a="$anon" -v f="$file" -v t="$total" -v w="$wall" 'BEGIN {
    printf "| itnio campaign plan (%s) | 250000 | %.1f MB | %.1f MB | %.1f MB | %.1f MB | %.2fx | %.2fx | %s s |\n",
      m, b / 1e6, t * 1024 / 1e6, a * 1024 / 1e6, f * 1024 / 1e6, t * 1024 / b, a * 1024 / b, w
  }'
done
