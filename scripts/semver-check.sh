#!/usr/bin/env bash
# Cross-checks `cargo xtask spec-diff` with cargo-semver-checks, a well-kept tool that compares
# the public Rust API of itnio-voice at a base git revision with the working tree's (by
# rustdoc JSON), and says where the two disagree about breaking Rust code. Installs
# cargo-semver-checks into target/tools when it is missing (a few minutes of compiling, once).
#
#   scripts/semver-check.sh [BASE]
#
# BASE is a git revision (default: spec-diff's own default, the parent of the last commit that
# changed spec/, or HEAD when spec/ has uncommitted changes). Exit status 0 when the two agree,
# 1 when they disagree, 2 when a tool failed.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=target/tools
semver="$tools/bin/cargo-semver-checks"
if ! "$semver" --version >/dev/null 2>&1; then
  echo "installing cargo-semver-checks into $tools" >&2
  cargo install --locked --quiet cargo-semver-checks --root "$tools"
fi
out=target/semver-check
mkdir -p "$out"

base_args=()
if [ $# -ge 1 ]; then
  base=$1
  base_args=(--base "$base")
else
  if [ -n "$(git status --porcelain -- spec)" ]; then
    base=HEAD
  else
    base="$(git log -1 --format=%H -- spec)^"
  fi
fi

set +e
cargo xtask spec-diff "${base_args[@]}" --format json >"$out/spec-diff.json"
diff_status=$?
"$semver" semver-checks check-release -p itnio-voice --baseline-rev "$base" >"$out/semver-checks.txt" 2>&1
semver_status=$?
set -e
if [ "$diff_status" -eq 2 ]; then
  echo "spec-diff failed:" >&2
  cat "$out/spec-diff.json" >&2
  exit 2
fi

# spec-diff: does any change break Rust code?
spec_breaking=$(python3 -c '
import json, sys
report = json.load(open(sys.argv[1]))
print("yes" if any(c["class"] == "breaking" for c in report["changes"]) else "no")
' "$out/spec-diff.json")
# cargo-semver-checks: exit 0 when no check failed; otherwise it names the breaking changes.
if [ "$semver_status" -eq 0 ]; then
  semver_breaking=no
elif grep -q "FAIL\|requires new major version\|semver requires" "$out/semver-checks.txt"; then
  semver_breaking=yes
else
  echo "cargo-semver-checks failed:" >&2
  tail -n 30 "$out/semver-checks.txt" >&2
  exit 2
fi

echo "base: $base"
echo "spec-diff: breaking for Rust code: $spec_breaking (report: $out/spec-diff.json)"
echo "cargo-semver-checks on itnio-voice: breaking: $semver_breaking (report: $out/semver-checks.txt)"
grep -E "^--- failure|FAIL " "$out/semver-checks.txt" | sed 's/^/  /' || true
if [ "$spec_breaking" = "$semver_breaking" ]; then
  echo "they agree"
  exit 0
fi
if [ "$spec_breaking" = yes ]; then
  echo "they disagree: spec-diff finds a change that breaks Rust code, cargo-semver-checks none;"
  echo "its lints read the API's shape from rustdoc, so a literal macro that no longer accepts a"
  echo "value (a tighter constraint) is beyond them: read the spec-diff report."
else
  echo "they disagree: cargo-semver-checks finds a break that spec-diff does not explain:"
  echo "a change of the generator or the runtime, not of the spec, or a gap in spec-diff."
fi
exit 1
