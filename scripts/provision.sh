#!/usr/bin/env bash
# Installs the OS packages the test suite runs for real, where they are missing: PostgreSQL's
# server (the receiver's tests start their own on 127.0.0.1), and Chromium with its WebDriver
# (the live page's tests drive a headless browser). Debian's packages, through apt-get;
# run by `cargo xtask test` before `cargo test`, and safe to run again (it installs nothing that
# is there).
set -euo pipefail

missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi

if ! command -v chromium >/dev/null 2>&1; then
    missing+=(chromium)
fi
if ! command -v chromedriver >/dev/null 2>&1; then
    missing+=(chromium-driver)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "provision: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's package starts a cluster of its own; the tests start theirs, so it is not needed.
if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_lsclusters >/dev/null 2>&1; then
    $sudo pg_ctlcluster --force "$(pg_lsclusters -h | awk 'NR==1 {print $1}')" main stop 2>/dev/null || true
fi
