#!/usr/bin/env bash
# npm test: installs what is missing, then runs jest on DB=sqlite (default), postgres or mysql.
# `npm run test:all-db` runs the suite on all three, one after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-install.sh
export STRAPI_TELEMETRY_DISABLED=true
if [ "${1:-}" = "--all-db" ]; then
  shift
  npx tsc -p tsconfig.json && npx tsc -p playground/tsconfig.json && node scripts/build-viewer.js --if-stale
  for db in sqlite postgres mysql; do
    echo "=== jest on $db"
    DB=$db SKIP_BUILD=true npx jest "$@"
  done
else
  npx jest "$@"
fi
