'use strict';

/**
 * Builds the admin panel part of the plugin (admin/src) into dist/admin, the files the package's
 * `exports['./strapi-admin']` names: index.mjs (ES modules, the pages and widgets as lazy chunks)
 * for Strapi's bundler, and index.js (CommonJS) for tools that resolve the `require` condition.
 *
 * Packages stay imports, resolved by the app's bundler from the app's node_modules (one copy of
 * React and of @strapi/*); the plugin's own code and the shared contracts are bundled; every
 * locale of admin/src/translations becomes part of the build; style sheets, ours and those of
 * react-grid-layout, are added to the page by the code that imports them, so the package asks
 * nothing of the app's bundler but JavaScript.
 *
 *   node scripts/build-admin.js              build
 *   node scripts/build-admin.js --if-stale   build only when the output is missing or older than its sources
 */
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { isStale: staleness } = require('./stale');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'dist', 'admin');
const entry = path.join(root, 'admin', 'src', 'index.ts');
const outputs = ['index.mjs', 'index.js'].map((name) => path.join(outdir, name));
const sources = [
  path.join(root, 'admin', 'src'),
  path.join(root, 'contracts'),
  __filename,
  path.join(root, 'node_modules', '.package-lock.json'),
];

const isStale = () => staleness(outputs, sources);

/** Bare imports stay imports; a style sheet, wherever it lives, becomes code that adds it to the page. */
const packagesAndStyles = {
  name: 'packages-and-styles',
  setup(build) {
    build.onResolve({ filter: /\.css$/ }, (args) => ({
      path: require.resolve(args.path, { paths: [args.resolveDir] }),
      namespace: 'style',
    }));
    build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'style' }, (args) => ({
      loader: 'js',
      contents: `const css = ${JSON.stringify(fs.readFileSync(args.path, 'utf8'))};
if (typeof document !== 'undefined') {
  const style = document.createElement('style');
  style.setAttribute('data-strapi-plugin', 'dashboards');
  style.textContent = css;
  document.head.appendChild(style);
}`,
    }));
  },
};

async function buildAdmin() {
  fs.rmSync(outdir, { recursive: true, force: true });
  const common = {
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    platform: 'browser',
    target: ['es2020'],
    jsx: 'automatic',
    loader: { '.json': 'json' },
    plugins: [packagesAndStyles],
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'warning',
  };
  await Promise.all([
    esbuild.build({
      ...common,
      format: 'esm',
      splitting: true,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
    }),
    esbuild.build({ ...common, format: 'cjs' }),
  ]);
}

if (require.main === module) {
  if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);
  buildAdmin().then(
    () => console.log(`admin built: ${path.relative(root, outdir)}`),
    (error) => {
      console.error(error);
      process.exit(1);
    }
  );
}

module.exports = { buildAdmin, isStale };
