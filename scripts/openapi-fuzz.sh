#!/usr/bin/env bash
# Drives `itnio mock` from the exported document (openapi/itnio.openapi.json) with Schemathesis,
# an independent, property-based OpenAPI tester: it generates requests from the document's
# schemas (valid and invalid ones), signs each as the document's security scheme states, and
# checks every answer against the document. Installs Schemathesis into a virtual environment
# under target/ when it is missing (pinned in scripts/openapi-fuzz/requirements.txt).
#
#   scripts/openapi-fuzz.sh [EXAMPLES] [SEED]
#
# EXAMPLES is the most test cases per operation and phase (default 200), SEED the generation
# seed (default 1, so a run can be repeated). Checks: no server error; every answer matches its
# operation's answer schema and content type (Schemathesis' own); and ITNIO's contract, from
# scripts/openapi-fuzz/itnio_hooks.py: a request signed as documented is never refused for it
# and any other is never served, and a body the schema forbids or not sent as JSON never
# succeeds. The API answers everything with HTTP 200 and a business code, so Schemathesis'
# HTTP-status checks do not apply. Prints a tally of the answers (operations, cases, codes) for
# FUZZING.md. Exit status: Schemathesis' (0 when no check failed).
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-200}
seed=${2:-1}
# Another mock binary or document, to compare (e.g. an older build): ITNIO_BIN, ITNIO_OPENAPI.
document=${ITNIO_OPENAPI:-openapi/itnio.openapi.json}
case $document in /*) ;; *) document="$(pwd)/$document" ;; esac
venv=target/schemathesis-venv
if ! "$venv/bin/schemathesis" --version >/dev/null 2>&1; then
  echo "installing Schemathesis into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --requirement scripts/openapi-fuzz/requirements.txt
fi
[ -n "${ITNIO_BIN:-}" ] || cargo build --quiet -p itnio-cli
out=target/openapi-fuzz
mkdir -p "$out"
rm -f "$out/tally.jsonl" "$out/mock.url"
${ITNIO_BIN:-target/debug/itnio} mock --agent 41=debt-collection --agent 42=emergency-contact --agent 43=marketing \
  >"$out/mock.url" 2>"$out/mock.log" &
mock=$!
trap 'kill $mock 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [ -s "$out/mock.url" ] && break
  sleep 0.1
done
url=$(head -n1 "$out/mock.url")
[ -n "$url" ] || { echo "itnio mock did not start: $(cat "$out/mock.log")" >&2; exit 2; }

status=0
root=$(pwd)
# Run from target/ so that Schemathesis' and Hypothesis' own files stay out of the tree.
(
  cd "$out"
  ITNIO_OPENAPI="$document" \
    ITNIO_API_KEY=mock-api-key ITNIO_API_SECRET=mock-api-secret \
    ITNIO_FUZZ_TALLY="$root/$out/tally.jsonl" PYTHONDONTWRITEBYTECODE=1 \
    SCHEMATHESIS_HOOKS=itnio_hooks PYTHONPATH="$root/scripts/openapi-fuzz" \
    "$root/$venv/bin/schemathesis" run "$document" --url "$url" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance,itnio_signing,itnio_invalid_body_refused \
    --seed "$seed" --max-examples "$examples" --generation-database none \
    --report junit --report-dir . --no-color
) || status=$?

"$venv/bin/python" - "$out/tally.jsonl" <<'EOF'
import collections, json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
by_op = collections.Counter(r["operation"] for r in rows)
print(f"\n{len(rows)} requests over {len(by_op)} operations")
codes = collections.defaultdict(collections.Counter)
for r in rows:
    kind = r["body"] if r["json"] else "not sent as JSON"
    codes[(r["operation"], kind)][r["code"]] += 1
for (op, kind), counter in sorted(codes.items()):
    summary = ", ".join(f"{code}: {n}" for code, n in counter.most_common())
    print(f"  {op:40} {kind:16} {summary}")
EOF
exit "$status"
