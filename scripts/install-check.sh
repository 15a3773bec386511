#!/usr/bin/env bash
# The package as a Strapi developer gets it: packs the plugin (prepack builds it), installs the
# tarball into a copy of a fresh Strapi 5.54 app (tests/install/app) outside this repository,
# follows the README's install section, builds the app's admin panel, then runs tests/install
# against the app. Prints the tarball's size and file count.
#
#   bash scripts/install-check.sh      (INSTALL_WORK_DIR=<dir> to keep the app somewhere known)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${INSTALL_WORK_DIR:-$(mktemp -d /tmp/dashboards-install.XXXXXX)}
mkdir -p "$work" "$root/test-output"
rm -rf "$work/app" "$work"/*.tgz

cd "$root"
npm pack --pack-destination "$work" >"$work/pack.log"
tarball=$(ls "$work"/*.tgz)
echo "package: $(basename "$tarball"), $(stat -c %s "$tarball") bytes, $(tar tzf "$tarball" | grep -vc '/$') files"
if tar tzf "$tarball" | grep -E '\.map$|\.tsx?$' | grep -v '\.d\.ts$'; then
  echo "the package holds source maps or TypeScript sources" >&2
  exit 1
fi

cp -r "$root/tests/install/app" "$work/app"
cd "$work/app"
secret() { node -e 'process.stdout.write(require("crypto").randomBytes(16).toString("base64"))'; }
{
  echo "HOST=127.0.0.1"
  echo "APP_KEYS=$(secret),$(secret)"
  for name in API_TOKEN_SALT ADMIN_JWT_SECRET TRANSFER_TOKEN_SALT JWT_SECRET ENCRYPTION_KEY; do
    echo "$name=$(secret)"
  done
} >.env
# the README's step 1, with the packed file for the registry's name
npm install --no-audit --no-fund "$tarball"
# step 2
node "$root/tests/install/apply-readme.js" "$root/README.md" config/plugins.ts
# step 3 (the start is the tests')
NODE_ENV=production npm run build

cd "$root"
INSTALL_APP_DIR="$work/app" npx jest --config tests/install/jest.config.js --json \
  --outputFile=test-output/jest-install.json
