#!/usr/bin/env bash
# npm pack / npm publish (prepack): builds everything the package serves into a clean dist/ —
# the server (compiled without source maps: the TypeScript sources are not shipped), the admin
# panel and the public viewer.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
npx tsc -p tsconfig.json --sourceMap false
node scripts/build-admin.js
node scripts/build-viewer.js
