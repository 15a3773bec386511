/// <reference lib="dom" />
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, OUTPUT_DIR, startPlayground, type RunningPlayground } from './helpers/playground';
import { drawnTiles } from './helpers/tiles';

/**
 * The share and embed pages of the built playground (`strapi start`): a dashboard with one tile of
 * every type whose SQL runs on the playground's own database, shared through the real routes, drawn
 * by Chromium from the snapshot, and framed by a page on an allowed and on a refused domain.
 */
const fixtures = path.join(__dirname, 'fixtures', 'viewer');
const fixture = JSON.parse(fs.readFileSync(path.join(fixtures, 'dashboard.json'), 'utf8'));
const results: Record<string, { columns?: string[]; rows?: Record<string, unknown>[] }> = JSON.parse(
  fs.readFileSync(path.join(fixtures, 'results.json'), 'utf8')
);
const ALLOWED_HOST = 'allowed.test';
const REFUSED_HOST = 'refused.test';

const literal = (value: unknown) =>
  typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;

/** The fixture's rows as a query of literals: every tile runs real SQL and needs no table. */
function literalQuery(columns: string[], rows: Record<string, unknown>[]) {
  return rows
    .map((row) => `SELECT ${columns.map((column) => `${literal(row[column])} AS "${column}"`).join(', ')}`)
    .join(' UNION ALL ');
}

/** Every fixture tile that draws something (the failed and never-run fixtures are the viewer test's). */
const tiles = (fixture.tiles as any[])
  .filter((tile) => tile.tile_type === 'text' || results[tile.id]?.rows)
  .map((tile) => ({
    title: tile.title,
    tile_type: tile.tile_type,
    // the server names a map's kind in chart_type too
    ...(tile.chart_type || tile.tile_type === 'map'
      ? { chart_type: tile.chart_type ?? tile.chart_config.map_type }
      : {}),
    chart_config: tile.chart_config,
    grid_x: tile.grid_x,
    grid_y: tile.grid_y,
    grid_w: tile.grid_w,
    grid_h: tile.grid_h,
    ...(tile.tile_type === 'text'
      ? {}
      : { query: literalQuery(results[tile.id].columns!, results[tile.id].rows!) }),
  }));

let playground: RunningPlayground;
let browser: Browser;
let framer: http.Server;
let framerPort: number;
let auth: Record<string, string>;
let dashboardId: string;
let shareUrl: string;
let embedUrl: string;

async function api(method: string, pathname: string, body?: object, headers = auth) {
  const response = await fetch(`${playground.url}${pathname}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

/** A page on another origin that frames `?src=`; reached as allowed.test or refused.test. */
function startFramer(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const src = new URL(request.url ?? '/', 'http://framer').searchParams.get('src') ?? '';
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.end(
      `<!doctype html><html><body><h1>Host page</h1>` +
        `<iframe id="frame" src="${src.replace(/"/g, '&quot;')}" width="1200" height="900"></iframe></body></html>`
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.SHARE_TEST_PORT ?? 1438));
  framer = await startFramer();
  framerPort = (framer.address() as AddressInfo).port;
  browser = await launchChromium([
    `--host-resolver-rules=MAP ${ALLOWED_HOST} 127.0.0.1, MAP ${REFUSED_HOST} 127.0.0.1`,
  ]);

  const login = await api('POST', '/admin/login', playground.admin, {});
  const adminAuth = { Authorization: `Bearer ${login.body.data.token}` };
  const apiToken = await api(
    'POST',
    '/admin/api-tokens',
    { name: 'share page test', type: 'full-access', lifespan: null },
    adminAuth
  );
  auth = { Authorization: `Bearer ${apiToken.body.data.accessKey}` };

  const created = await api('POST', '/api/dashboards', {
    name: fixture.name,
    description: fixture.description,
    layout: fixture.layout,
    embed: { allowed_domains: [`${ALLOWED_HOST}:${framerPort}`] },
    tiles,
  });
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  dashboardId = created.body.id;
  const shared = await api('POST', `/api/dashboards/${dashboardId}/share`, { is_public: true });
  expect(shared.status).toBe(200);
  shareUrl = shared.body.share_url;
  const embed = await api('GET', `/api/dashboards/${dashboardId}/embed?hide_header=true`);
  expect(embed.status).toBe(200);
  embedUrl = embed.body.embed_url;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => framer?.close(resolve));
  await playground?.stop();
});

/** Waits until every tile of the frame or page has drawn, and answers each tile. */
const drawnIn = (target: Page | import('playwright-core').Frame) =>
  drawnTiles(target, { count: tiles.length });

it('creates one tile of every type, each with SQL the playground database runs', () => {
  const kinds = tiles
    .map((tile: any) =>
      tile.tile_type === 'map' ? `map ${tile.chart_type}` : (tile.chart_type ?? tile.tile_type)
    )
    .sort();
  expect(kinds).toEqual(
    [
      'area',
      'bar',
      'chord',
      'donut',
      'funnel',
      'gauge',
      'heatmap',
      'kpi',
      'line',
      'map choropleth',
      'map heatmap',
      'map markers',
      'metric',
      'pie',
      'radar',
      'sankey',
      'scatter',
      'table',
      'text',
      'treemap',
    ].sort()
  );
});

it('serves the share page with a CSP whose frame-ancestors is exactly the allowed domain', async () => {
  expect(shareUrl).toMatch(new RegExp(`^${playground.url}/dashboards/shared/[A-Za-z0-9_-]{43}$`));
  const response = await fetch(shareUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-security-policy')).toBe(
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
      "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; " +
      `frame-ancestors ${ALLOWED_HOST}:${framerPort}`
  );
  expect(response.headers.get('x-frame-options')).toBeNull();
  expect(await response.text()).toContain(`<title>${fixture.name}</title>`);
});

it('draws every tile of the shared dashboard from its snapshot in Chromium', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(shareUrl);
  await page.locator('h1', { hasText: fixture.name }).waitFor();
  const drawn = await drawnIn(page);
  expect(drawn.map((tile) => `${tile.title}: ${tile.state}`).sort()).toEqual(
    tiles.map((tile) => `${tile.title}: drawn`).sort()
  );
  const canvases = drawn.filter((tile) => tile.pixels > 0);
  // every chart and map tile, KPI, metric, table and text have no canvas
  expect(canvases).toHaveLength(tiles.length - 4);
  for (const tile of canvases) {
    expect([tile.title, tile.painted > Math.max(2000, tile.pixels * 0.02)]).toEqual([tile.title, true]);
  }
  await expect(page.locator('.dv-metric-value').first().innerText()).resolves.toBe('$1,250,000');
  await expect(page.locator('.dv-tile table tbody tr').count()).resolves.toBe(5);

  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1440, height });
  await drawnIn(page);
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'shared-dashboard.png') });
  expect(errors).toEqual([]);
  await page.close();
});

/** Opens the framing page on `host` and answers the frame once it has loaded (or been refused). */
async function framedOn(host: string, src: string) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  const messages: string[] = [];
  page.on('console', (message) => messages.push(message.text()));
  const loaded = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame !== page.mainFrame(),
  });
  await page.goto(`http://${host}:${framerPort}/?src=${encodeURIComponent(src)}`);
  const frame = await loaded;
  return { page, frame, messages };
}

it.each([
  ['share page', () => shareUrl],
  ['embed page', () => embedUrl],
])('lets a page on the allowed domain frame the %s, and the browser refuses any other', async (_, url) => {
  const allowed = await framedOn(ALLOWED_HOST, url());
  const drawn = await drawnIn(allowed.frame);
  expect(drawn.every((tile) => tile.state === 'drawn')).toBe(true);
  await allowed.page.close();

  const refused = await framedOn(REFUSED_HOST, url());
  // Chromium reports the refusal and swaps the refused document for its error page
  const refusedAt = Date.now() + 15_000;
  const isRefused = () =>
    refused.messages.some((message) => message.includes('frame-ancestors')) &&
    !refused.frame.url().includes('/dashboards/');
  while (!isRefused() && Date.now() < refusedAt) await refused.page.waitForTimeout(50);
  expect(refused.frame.url()).not.toContain('/dashboards/');
  expect(await refused.frame.locator('#dashboard-viewer, .dv-tile').count()).toBe(0);
  expect(refused.messages.some((message) => message.includes('frame-ancestors'))).toBe(true);
  await refused.page.close();
});
