#!/usr/bin/env bash
# Peak RSS of `itnio validate` on 20,000- and 200,000-callee files, against the file's size (target:
# at most 1.5× at 200,000).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (Debian package 'time')" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release -q -p itnio-cli -p itnio-bench --bin itnio --bin gen-campaign
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in 20000 200000; do
  file="$dir/campaign-$n.json"
  target/release/gen-campaign "$n" "$file"
  bytes=$(stat -c %s "$file")
  /usr/bin/time -v target/release/itnio validate --scenario debt-collection "$file" 2> "$dir/time.txt" || {
    cat "$dir/time.txt" >&2
    exit 1
  }
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time.txt")
  awk -v n="$n" -v b="$bytes" -v r="$rss_kb" -v w="$wall" 'BEGIN {
    printf "| itnio validate | %d | %.1f MB | %.1f MB | %.2f× | %s |\n", n, b / 1e6, r * 1024 / 1e6, r * 1024 / b, w
  }'
done
