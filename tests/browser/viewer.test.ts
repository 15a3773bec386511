/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import fs from 'fs';
import type http from 'http';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { unknownChartConfigKeys } from '../../server/dashboards/chart-config';
import { toChart, toMap, toMetric, toTable } from '../../contracts/tile-shape';
import type { TileType } from '../../contracts/dashboards';
import { launchChromium } from './helpers/playground';
import { drawnTiles } from './helpers/tiles';
import {
  startViewerServer,
  strapiError,
  VIEWER_DIST,
  type JsonAnswer,
  type ViewerServer,
} from './helpers/viewer-server';

/**
 * The public viewer bundle (dist/viewer) on the share page's HTML shell and CSP, against JSON in
 * the server's shapes: the structure fixture, and a snapshot whose tile data comes from the
 * server's own shaping functions applied to fixture rows.
 */
const fixtures = path.join(__dirname, 'fixtures', 'viewer');
const dashboard = JSON.parse(fs.readFileSync(path.join(fixtures, 'dashboard.json'), 'utf8'));
const results: Record<string, { columns?: string[]; rows?: Record<string, unknown>[]; error?: string }> =
  JSON.parse(fs.readFileSync(path.join(fixtures, 'results.json'), 'utf8'));
const SCREENSHOT = path.resolve(__dirname, '..', '..', 'test-output', 'viewer-all-tiles.png');
const PASSWORD = 'correct horse battery staple';
const RETRY_AFTER_SECONDS = 42;

type Tile = (typeof dashboard.tiles)[number];

/** What the server's tile runner (server/dashboards/tile-data.ts) stores for one tile. */
function tileData(tile: Tile, columns: string[], rows: Record<string, unknown>[]) {
  const config = tile.chart_config ?? {};
  const raw = { columns, rows, truncated: false };
  switch (tile.tile_type) {
    case 'kpi':
    case 'metric':
      return { ...raw, ...toMetric(columns, rows, config, null) };
    case 'chart':
      return { ...raw, ...toChart(tile.chart_type, columns, rows, config) };
    case 'map':
      return { ...raw, ...toMap(columns, rows, config) };
    case 'table':
      return { ...raw, ...toTable(columns, rows, config) };
    default:
      return raw;
  }
}

const executedAt = '2025-01-15T12:00:00.000Z';
/** What the share route sends instead of a failed tile's own error (server/sharing/service.ts). */
const PUBLIC_TILE_ERROR = 'This tile could not be loaded';
const snapshot = {
  id: 'snapshot-1',
  dashboard_id: dashboard.id,
  tile_data: Object.fromEntries(
    dashboard.tiles.flatMap((tile: Tile) => {
      if (tile.tile_type === 'text') return [[tile.id, { data: null, error: null, executed_at: executedAt }]];
      const result = results[tile.id];
      if (!result) return [];
      if (result.error) return [[tile.id, { data: null, error: PUBLIC_TILE_ERROR, executed_at: executedAt }]];
      return [
        [
          tile.id,
          { data: tileData(tile, result.columns!, result.rows!), error: null, executed_at: executedAt },
        ],
      ];
    })
  ),
  execution_time_ms: 412,
  trigger_type: 'on_share',
  created_at: executedAt,
  expires_at: '2025-01-22T12:00:00.000Z',
  stale: true,
};

const ok = (body: unknown): JsonAnswer => ({ status: 200, body });
const passwordNeeded = () => ({
  status: 401,
  body: strapiError(401, 'UnauthorizedError', 'A password is needed', { password_required: true }),
});

const passwordRequests: (string | undefined)[] = [];
let liveDataRequests = 0;

/** The snapshot a refresh finds: a newer one with another revenue figure. */
function newerSnapshot() {
  const tile = dashboard.tiles.find((candidate: Tile) => candidate.id === 'tile-kpi-revenue');
  const data = tileData(tile, ['total'], [{ total: 1310000 }]);
  return {
    ...snapshot,
    id: 'snapshot-2',
    stale: false,
    tile_data: { ...snapshot.tile_data, [tile.id]: { data, error: null, executed_at: executedAt } },
  };
}

function api(pathname: string, request: http.IncomingMessage): JsonAnswer | undefined {
  const [token, data] = pathname.replace('/api/dashboards/shared/', '').split('/');
  const answer = () => (data === 'data' ? ok(snapshot) : ok(dashboard));
  const password = request.headers['x-share-password'] as string | undefined;
  switch (token) {
    case 'open':
      return answer();
    case 'live':
      if (data !== 'data') return answer();
      liveDataRequests += 1;
      return ok(liveDataRequests === 1 ? snapshot : newerSnapshot());
    case 'locked':
      passwordRequests.push(password);
      return password === PASSWORD ? answer() : passwordNeeded();
    case 'throttled':
      if (password === undefined) return passwordNeeded();
      return {
        status: 429,
        body: strapiError(429, 'TooManyRequestsError', 'Too many requests'),
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      };
    case 'expired':
      return { status: 410, body: strapiError(410, 'GoneError', '<b>expired</b>') };
    case 'broken':
      return { status: 500, body: strapiError(500, 'InternalServerError', '<img src=x onerror=alert(1)>') };
    default:
      return undefined;
  }
}

let server: ViewerServer;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(path.join(VIEWER_DIST, 'viewer.js'))) {
    throw new Error('dist/viewer is missing: run `npm run build:viewer`');
  }
  const shell = { title: dashboard.name };
  server = await startViewerServer(
    {
      open: shell,
      locked: { title: 'Shared dashboard' },
      throttled: { title: 'Shared dashboard' },
      expired: shell,
      missing: shell,
      broken: shell,
      dark: { ...shell, theme: 'dark', hideHeader: true },
      live: { ...shell, autoRefresh: true },
    },
    (pathname, request) => api(pathname.replace('/shared/dark', '/shared/open'), request)
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface PageProblems {
  errors: string[];
  violations: () => Promise<string[]>;
}

/** A page that records console errors, uncaught exceptions and CSP violations. */
async function openPage(viewport = { width: 1440, height: 900 }): Promise<{ page: Page } & PageProblems> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // evaluated by the browser itself, outside the page's CSP
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as any).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`)
    );
  });
  return { page, errors, violations: () => page.evaluate(() => (window as any).__cspViolations as string[]) };
}

/** Waits until no tile is still rendering; answers each tile by id. */
const waitForTiles = async (page: Page) =>
  Object.fromEntries(
    (await drawnTiles(page, { count: dashboard.tiles.length, timeout: 30_000 })).map((tile) => [
      tile.id,
      tile,
    ])
  );

const tileText = (page: Page, id: string) => page.locator(`[data-tile-id="${id}"]`).innerText();

it('the fixtures use only chart_config keys the server accepts', () => {
  for (const tile of dashboard.tiles as Tile[]) {
    expect([
      tile.id,
      unknownChartConfigKeys(tile.tile_type as TileType, tile.chart_type, tile.chart_config),
    ]).toEqual([tile.id, []]);
  }
});

it('draws every tile type of a shared dashboard under the share CSP', async () => {
  const { page, errors, violations } = await openPage();
  await page.goto(`${server.url}/dashboards/shared/open`);
  await page.locator('h1', { hasText: dashboard.name }).waitFor();
  const drawn = await waitForTiles(page);

  const chartTiles = (dashboard.tiles as Tile[]).filter(
    (tile) => (tile.tile_type === 'chart' || tile.tile_type === 'map') && !tile.id.startsWith('tile-failed')
  );
  expect(chartTiles.map((tile) => tile.chart_type ?? tile.chart_config.map_type).sort()).toEqual(
    [
      'area',
      'bar',
      'chord',
      'choropleth',
      'donut',
      'funnel',
      'gauge',
      'heatmap',
      'heatmap',
      'line',
      'markers',
      'pie',
      'radar',
      'sankey',
      'scatter',
      'treemap',
    ].sort()
  );
  for (const tile of dashboard.tiles as Tile[]) {
    const expected = tile.id === 'tile-failed' ? 'error' : tile.id === 'tile-not-run' ? 'empty' : 'drawn';
    expect([tile.id, drawn[tile.id]?.state]).toEqual([tile.id, expected]);
  }

  for (const tile of chartTiles) {
    const canvas = drawn[tile.id];
    expect([tile.id, canvas.pixels > 0]).toEqual([tile.id, true]);
    // a drawn chart covers a real share of its canvas, not a few stray pixels
    expect([tile.id, canvas.painted > Math.max(2000, canvas.pixels * 0.02)]).toEqual([tile.id, true]);
  }

  // KPI and metric: the server's formatted value and the change with its arrow
  expect(snapshot.tile_data['tile-kpi-revenue'].data.formatted).toBe('$1,250,000');
  await expect(page.locator('[data-tile-id="tile-kpi-revenue"] .dv-metric-value').innerText()).resolves.toBe(
    '$1,250,000'
  );
  await expect(tileText(page, 'tile-kpi-revenue')).resolves.toMatch(/▲\s*\+15\.3%\s*vs last quarter/);
  await expect(tileText(page, 'tile-metric-win-rate')).resolves.toMatch(
    /31\.4%\s*▼\s*-7\.6%\s*vs last month/
  );

  // table: the display columns, formatted cells, five rows a page
  const table = page.locator('[data-tile-id="tile-table"] table');
  await expect(table.locator('th').allTextContents()).resolves.toEqual(['Deal', 'Owner', 'Stage', 'Amount']);
  await expect(table.locator('tbody tr').count()).resolves.toBe(5);
  await expect(table.locator('tbody tr').first().locator('td').allInnerTexts()).resolves.toEqual([
    'Acme Corp renewal',
    'Alice Martin',
    'Negotiation',
    '$184,000',
  ]);
  await expect(tileText(page, 'tile-table')).resolves.toContain('Page 1 of 2 · 8 rows');

  // text: markdown rendered, raw HTML shown as text, no script ran, no image, no javascript: link
  const text = page.locator('[data-tile-id="tile-text"] .dv-text');
  await expect(text.locator('h2').innerText()).resolves.toBe('Q4 performance');
  await expect(text.locator('strong').innerText()).resolves.toBe('CRM snapshot');
  await expect(text.locator('a[href="https://example.com/handbook"]').getAttribute('rel')).resolves.toBe(
    'noopener noreferrer'
  );
  await expect(text.innerText()).resolves.toContain("<script>window.__dashboardsXss = 'script'</script>");
  await expect(text.innerText()).resolves.toContain('<img src=x onerror=');
  expect(await text.locator('img, script, a[href^="javascript:"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__dashboardsXss)).toBeUndefined();

  await expect(tileText(page, 'tile-failed')).resolves.toContain(PUBLIC_TILE_ERROR);
  await expect(tileText(page, 'tile-not-run')).resolves.toContain('No data yet');
  await expect(page.locator('.dv-stale').innerText()).resolves.toBe('Data may be out of date');
  // tiles sit where the layout puts them: the table at row 29 spans 6 of 12 columns
  const [grid, tableTile] = await Promise.all([
    page.locator('.dv-grid').boundingBox(),
    page.locator('[data-tile-id="tile-table"]').boundingBox(),
  ]);
  expect(tableTile!.y - grid!.y).toBeCloseTo(29 * (80 + 16), 0);
  expect(tableTile!.width).toBeCloseTo((grid!.width - 11 * 16) / 2 + 5 * 16, 0);

  // the whole page in the viewport (charts follow the resize) rather than a full-page capture, which
  // resizes the page while it captures it
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1440, height: pageHeight });
  await waitForTiles(page);
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });

  await page.locator('[data-tile-id="tile-table"] button', { hasText: 'Next' }).click();
  await expect(table.locator('tbody tr').count()).resolves.toBe(3);
  await expect(table.locator('tbody tr').last().locator('td').first().innerText()).resolves.toBe(
    'Vandelay imports'
  );

  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
});

it('follows the embed options: forced dark theme, no header', async () => {
  const { page, errors, violations } = await openPage({ width: 1200, height: 800 });
  await page.goto(`${server.url}/dashboards/shared/dark`);
  await waitForTiles(page);
  expect(await page.locator('.dv-header').count()).toBe(0);
  await expect(page.locator('.dv-stale').innerText()).resolves.toBe('Data may be out of date');
  expect(await page.evaluate(() => document.documentElement.classList.contains('dv-theme-dark'))).toBe(true);
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(24, 24, 38)');
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
});

it('refreshes the data at the dashboard interval when auto refresh is on', async () => {
  const { page, errors } = await openPage();
  await page.clock.install();
  await page.goto(`${server.url}/dashboards/shared/live`);
  await waitForTiles(page);
  const revenue = page.locator('[data-tile-id="tile-kpi-revenue"] .dv-metric-value');
  await expect(revenue.innerText()).resolves.toBe('$1,250,000');
  expect(liveDataRequests).toBe(1);

  // the fake clock also flows with real time: the few seconds the page took to load count too
  const interval = dashboard.settings.refresh_interval_seconds * 1000;
  await page.clock.runFor(interval - 10_000);
  expect(liveDataRequests).toBe(1);
  await page.clock.runFor(10_000);
  await page.waitForFunction(() => document.querySelector('.dv-stale') === null);
  await expect(revenue.innerText()).resolves.toBe('$1,310,000');
  expect(liveDataRequests).toBe(2);
  expect(errors).toEqual([]);
  await page.close();
});

it('asks for the share password, refuses a wrong one and shows the dashboard for the right one', async () => {
  const { page, errors, violations } = await openPage();
  passwordRequests.length = 0;
  await page.goto(`${server.url}/dashboards/shared/locked`);
  const input = page.getByLabel('Password');
  await input.waitFor();
  expect(await page.locator('.dv-tile').count()).toBe(0);

  await input.fill('guess');
  await page.getByRole('button', { name: 'View dashboard' }).click();
  await page.getByText('Wrong password').waitFor();

  await input.fill(PASSWORD);
  await page.getByRole('button', { name: 'View dashboard' }).click();
  await page.locator('h1', { hasText: dashboard.name }).waitFor();
  const states = Object.values(await waitForTiles(page)).map((tile) => tile.state);
  expect(states.filter((state) => state === 'drawn')).toHaveLength(dashboard.tiles.length - 2);
  // both the structure and the data were fetched with the password
  expect(passwordRequests).toEqual([undefined, 'guess', PASSWORD, PASSWORD]);

  expect(await violations()).toEqual([]);
  // the browser reports each 401 as a failed resource load; nothing else may fail
  expect(errors.filter((error) => !error.includes('401'))).toEqual([]);
  await page.close();
});

it('shows the wait the server asks for when password tries are rate limited', async () => {
  const { page } = await openPage();
  await page.goto(`${server.url}/dashboards/shared/throttled`);
  await page.getByLabel('Password').fill('anything');
  await page.getByRole('button', { name: 'View dashboard' }).click();
  await page.getByText(`Too many attempts. Try again in ${RETRY_AFTER_SECONDS} seconds.`).waitFor();
  await page.close();
});

it.each([
  ['missing', 'This dashboard does not exist or is no longer shared'],
  ['expired', 'This share link has expired'],
  ['broken', 'This dashboard could not be loaded'],
])('explains a %s link without showing the server text as HTML', async (token, message) => {
  const { page, violations } = await openPage();
  await page.goto(`${server.url}/dashboards/shared/${token}`);
  await page.getByRole('alert').getByText(message).waitFor();
  expect(await page.locator('#dashboard-viewer img, #dashboard-viewer b').count()).toBe(0);
  expect(await violations()).toEqual([]);
  await page.close();
});
