#!/usr/bin/env bash
# Peak RSS and wall time of `itnio campaign plan` on 250,000 CSV rows with the contact policy
# against a ledger of 5,000,000 calls (files from `gen-campaign-files`), against the CSV's size
# (target: at most 2x the CSV plus the ledger's page cache, which SQLite keeps at 2 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (Debian package 'time')" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release -q -p itnio-cli -p itnio-bench --bin itnio --bin gen-campaign-files
dir=target/bench-data/campaign
target/release/gen-campaign-files "$dir" 250000
csv_bytes=$(stat -c %s "$dir/debtors.csv")
for mode in plain policy; do
  extra=()
  if [ "$mode" = policy ]; then
    extra=(--policy "$dir/policy.yaml" --ledger "$dir/ledger.sqlite")
  fi
  /usr/bin/time -v target/release/itnio campaign plan "$dir/campaign.yaml" "$dir/debtors.csv" "${extra[@]}" \
    >/dev/null 2>"$dir/time.txt" || { tail -n 30 "$dir/time.txt" >&2; exit 1; }
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time.txt")
  awk -v m="$mode" -v b="$csv_bytes" -v r="$rss_kb" -v w="$wall" 'BEGIN {
    printf "| itnio campaign plan (%s) | 250000 | %.1f MB | %.1f MB | %.2fx | %s |\n", m, b / 1e6, r * 1024 / 1e6, r * 1024 / b, w
  }'
done
