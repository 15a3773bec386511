'use strict';

/**
 * Bundles the public dashboard viewer (viewer/src, with the tile renderers of admin/src/charts)
 * into dist/viewer/viewer.js and dist/viewer/viewer.css: one minified IIFE, no eval, nothing
 * loaded from elsewhere (the share pages' CSP allows only 'self').
 *
 *   node scripts/build-viewer.js             build
 *   node scripts/build-viewer.js --if-stale  build only when the bundle is missing or older than its sources
 */
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { isStale: staleness } = require('./stale');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'dist', 'viewer');
const outputs = ['viewer.js', 'viewer.css'].map((name) => path.join(outdir, name));
const sources = [
  path.join(root, 'viewer', 'src'),
  path.join(root, 'admin', 'src', 'charts'),
  __filename,
  // changes whenever the installed dependencies do
  path.join(root, 'node_modules', '.package-lock.json'),
];

const isStale = () => staleness(outputs, sources);

async function buildViewer() {
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { viewer: path.join(root, 'viewer', 'src', 'index.ts') },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2019'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
}

if (require.main === module) {
  const onlyIfStale = process.argv.includes('--if-stale');
  if (onlyIfStale && !isStale()) process.exit(0);
  buildViewer().then(
    () => console.log(`viewer built: ${path.relative(root, outdir)}`),
    (error) => {
      console.error(error);
      process.exit(1);
    }
  );
}

module.exports = { buildViewer, isStale };
