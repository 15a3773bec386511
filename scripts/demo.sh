#!/usr/bin/env bash
# npm start: the demo. Installs, compiles, builds the admin panel, seeds the playground's SQLite
# database when it is empty, creates a demo admin, prints the login and starts Strapi on :1337.
set -euo pipefail
cd "$(dirname "$0")/.."
export STRAPI_TELEMETRY_DISABLED=true STRAPI_DISABLE_UPDATE_NOTIFICATION=true
bash scripts/ensure-install.sh
npx tsc -p tsconfig.json
npx tsc -p playground/tsconfig.json
node scripts/build-viewer.js --if-stale
node scripts/build-admin.js --if-stale
cd playground
if [ ! -f dist/build/index.html ] || [ -n "$(find ../dist/admin src -newer dist/build/index.html -print -quit 2>/dev/null)" ]; then
  NODE_ENV=production npx strapi build
fi
node dist/scripts/seed.js --if-empty
node dist/scripts/demo-admin.js
cat <<MSG

  Admin panel:  http://localhost:${PORT:-1337}/admin
  Login:        ${DEMO_ADMIN_EMAIL:-admin@dashboards.test} / ${DEMO_ADMIN_PASSWORD:-Dashboards-demo-1}

MSG
exec npx strapi start
