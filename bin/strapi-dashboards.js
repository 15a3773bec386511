#!/usr/bin/env node
'use strict';

const path = require('path');
const fs = require('fs');

const USAGE = `strapi-dashboards <command>, run in your Strapi app's folder (after \`strapi build\`)

  rebuild-rollups   rebuilds the plugin's rollups from the CRM tables and renews every
                    instance's cached results: run it after writes that bypass Strapi
                    (imports straight into the tables, raw SQL)

The database is the app's own (its config/database and environment).`;

/** The app's compiled code: its TypeScript outDir (as \`strapi start\` loads it), else the app itself. */
function distDirOf(appDir) {
  if (!fs.existsSync(path.join(appDir, 'tsconfig.json'))) return appDir;
  const { resolveOutDirSync } = require(require.resolve('@strapi/typescript-utils', { paths: [appDir] }));
  return resolveOutDirSync(appDir) ?? path.join(appDir, 'dist');
}

async function rebuildRollups() {
  const appDir = process.cwd();
  const { createStrapi } = require(require.resolve('@strapi/strapi', { paths: [appDir] }));
  const strapi = await createStrapi({
    appDir,
    distDir: distDirOf(appDir),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  try {
    const started = Date.now();
    // bootstrap built what was missing; this rebuilds from the tables as they are now
    await strapi.plugin('dashboards').service('cache').bumpStrapiDatabase();
    const rows = await strapi.db.query('plugin::dashboards.deal-reach').count();
    console.log(`Rollups rebuilt (${rows} deals) and cached results renewed in ${Date.now() - started} ms.`);
  } finally {
    await strapi.destroy();
  }
}

async function main() {
  const [command] = process.argv.slice(2);
  if (command === 'rebuild-rollups') return rebuildRollups();
  console.log(USAGE);
  if (command !== undefined && command !== '--help' && command !== '-h') {
    console.error(`\nUnknown command "${command}"`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
