#!/usr/bin/env bash
# Installs the dependencies when node_modules is missing or older than the lockfile.
# `npm ci` first; this registry lacks some other platforms' optional binaries, which can make
# `npm ci` refuse a lockfile written here, so `npm install` is the fallback.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund || npm install --no-audit --no-fund
