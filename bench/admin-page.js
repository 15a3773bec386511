'use strict';
/* global document */

/**
 * Benchmark: the admin panel in Chromium, on the seeded PostgreSQL database, side by side in one
 * run: how long the seeded "CRM overview" takes to be fully drawn (every tile out of its rendering
 * state), and when its first tile is drawn, against how long Strapi's own Content Manager list view
 * of leads takes to show its rows. Both are full page loads by a logged-in admin, alternated, with
 * the result cache warm (a dashboard's usual view) and, once per round, cold (every result out of
 * date). Goal: fully drawn ≤ 1.0× the Content Manager's time; the first tile before the last.
 *
 *   npm run build:playground && (cd playground && NODE_ENV=production npx strapi build)
 *   BENCH_DATABASE=dashboards_bench node bench/admin-page.js
 *
 * Needs the local PostgreSQL, a seeded database and Debian's Chromium (/usr/bin/chromium).
 */
const { execFileSync, spawn } = require('child_process');
const path = require('path');
const { chromium } = require('playwright-core');

const DATABASE = process.env.BENCH_DATABASE ?? 'dashboards_bench';
const PORT = Number(process.env.BENCH_PORT ?? 1701);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const URL_BASE = `http://127.0.0.1:${PORT}`;
const playgroundDir = path.resolve(__dirname, '..', 'playground');
const ADMIN = { email: 'admin@dashboards.test', password: 'Dashboards-demo-1' };
const env = {
  ...process.env,
  DATABASE_CLIENT: 'postgres',
  DATABASE_NAME: DATABASE,
  PORT: String(PORT),
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
  STRAPI_TELEMETRY_DISABLED: 'true',
  STRAPI_LOG_LEVEL: 'error',
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function startStrapi() {
  // the demo admin (created when the database has none)
  execFileSync(process.execPath, ['dist/scripts/demo-admin.js'], {
    cwd: playgroundDir,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const strapiBin = path.join(
    path.dirname(require.resolve('@strapi/strapi/package.json')),
    'bin',
    'strapi.js'
  );
  const child = spawn(process.execPath, [strapiBin, 'start'], { cwd: playgroundDir, env, stdio: 'ignore' });
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) throw new Error('strapi start exited early');
    try {
      if ((await fetch(`${URL_BASE}/_health`)).status === 204) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('strapi start did not answer /_health');
}

async function api(method, pathname, token, body) {
  const response = await fetch(`${URL_BASE}${pathname}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function main() {
  const strapi = await startStrapi();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const token = (await api('POST', '/admin/login', null, ADMIN)).data.token;
    const list = await api(
      'GET',
      `/dashboards/dashboards?search=${encodeURIComponent('CRM overview')}`,
      token
    );
    const overview = list.data.find((dashboard) => dashboard.name === 'CRM overview');
    const tileCount = (await api('GET', `/dashboards/dashboards/${overview.id}`, token)).tiles.length;

    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${URL_BASE}/admin/auth/login`);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.click('button[type="submit"]');
    await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 120_000 });

    /** A full load of the Content Manager's leads list, until its rows show. */
    const contentManager = async () => {
      const started = Date.now();
      await page.goto(`${URL_BASE}/admin/content-manager/collection-types/api::lead.lead`);
      await page.locator('table tbody tr td').first().waitFor({ timeout: 120_000 });
      return Date.now() - started;
    };
    /** A full load of the dashboard, until the first tile and then every tile is drawn. */
    const dashboard = async () => {
      const started = Date.now();
      await page.goto(`${URL_BASE}/admin/plugins/dashboards/${overview.id}`);
      const states = () =>
        page.$$eval('[data-testid="dashboard-grid"] [data-tile-id] .dv-tile-body', (bodies) =>
          bodies.map((body) => body.dataset.tileState)
        );
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-testid="dashboard-grid"] [data-tile-id] .dv-tile-body')].some(
            (body) => body.dataset.tileState && body.dataset.tileState !== 'rendering'
          ),
        undefined,
        { timeout: 120_000, polling: 'raf' }
      );
      const first = Date.now() - started;
      await page.waitForFunction(
        (count) => {
          const bodies = [
            ...document.querySelectorAll('[data-testid="dashboard-grid"] [data-tile-id] .dv-tile-body'),
          ];
          return (
            bodies.length === count &&
            bodies.every((body) => body.dataset.tileState && body.dataset.tileState !== 'rendering')
          );
        },
        tileCount,
        { timeout: 120_000, polling: 'raf' }
      );
      const all = Date.now() - started;
      const failed = (await states()).filter((state) => state === 'error').length;
      if (failed > 0) throw new Error(`${failed} tiles failed to draw`);
      return { first, all };
    };
    /** Every cached result out of date (a write through Strapi does this to the analytics). */
    const invalidate = () =>
      execFileSync(
        'psql',
        [
          '-h',
          '127.0.0.1',
          '-U',
          'postgres',
          '-d',
          DATABASE,
          '-qc',
          "UPDATE dashboards_cache_versions SET version = version + 1 WHERE source = 'strapi-db:manual'",
        ],
        { stdio: 'ignore' }
      );

    await contentManager(); // warm up both pages and the result cache
    await dashboard();
    const listTimes = [];
    const warm = { first: [], all: [] };
    const cold = { first: [], all: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      listTimes.push(await contentManager());
      const warmView = await dashboard();
      warm.first.push(warmView.first);
      warm.all.push(warmView.all);
      invalidate();
      const coldView = await dashboard();
      cold.first.push(coldView.first);
      cold.all.push(coldView.all);
    }
    if (process.env.BENCH_TIMELINE) {
      // where a cold view's time goes: the requests after navigation, when each started and ended
      invalidate();
      await dashboard();
      const timeline = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((entry) => !/\.(css|woff2?|png|svg)/.test(entry.name))
          .map((entry) => ({
            request: entry.name
              .replace(/^https?:\/\/[^/]+/, '')
              .replace(/tiles=[^&]*/, (tiles) => `tiles(${tiles.split(',').length})`),
            start: Math.round(entry.startTime),
            end: Math.round(entry.responseEnd),
          }))
      );
      console.table(timeline);
    }
    const leads = (await api('GET', '/content-manager/collection-types/api::lead.lead?pageSize=1', token))
      .pagination.total;
    const cm = median(listTimes);
    console.log(
      `Admin panel in Chromium, PostgreSQL "${DATABASE}" (${leads} leads), median of ${ROUNDS} rounds (goal: fully drawn ≤ 1.0× the Content Manager):`
    );
    console.log('| page | first tile ms | fully drawn ms | ratio to the Content Manager list |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| Content Manager, leads list | — | ${cm} | 1.00 |`);
    console.log(
      `| CRM overview (${tileCount} tiles), cache warm | ${median(warm.first)} | ${median(warm.all)} | ${(median(warm.all) / cm).toFixed(2)} |`
    );
    console.log(
      `| CRM overview (${tileCount} tiles), cache cold | ${median(cold.first)} | ${median(cold.all)} | ${(median(cold.all) / cm).toFixed(2)} |`
    );
  } finally {
    await browser.close();
    strapi.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
