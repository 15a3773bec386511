/// <reference lib="dom" />
import type { Browser, Page, Request, Route } from 'playwright-core';
import { createTestDatabase, holdPostgresTable, type TestDatabase } from '../helpers/database';
import {
  adminAuthorization,
  BAR_AND_KPI_TILES,
  callApi,
  drawnGridTiles,
  launchChromium,
  logIn,
  startPlayground,
  type RunningPlayground,
} from './helpers/playground';

/**
 * How the admin's dashboard page loads (issue 18), on the built playground on PostgreSQL: viewing a
 * dashboard loads the chunks viewing needs and no others (the tile editor, the dialogs, the map and
 * the chart plugins of kinds not on the dashboard load when used); the tiles share one streamed
 * request (GET /:id/data?format=ndjson) and each draws when its line arrives, whatever another tile
 * takes (a table held by another transaction holds back one tile); a result from the cache tells its age.
 */
const PORT = Number(process.env.DASHBOARD_LOADING_TEST_PORT ?? 1530);
const DASHBOARD_NAME = 'Browser dashboard loading';

/**
 * The chunks of the plugin's admin build that viewing a dashboard without these kinds must not load,
 * as the playground's bundler names them (`<module>-<esbuild hash>-<vite hash>.js`).
 */
const LAZY_CHUNK =
  /\/(TileEditor|DashboardSettingsDialog|ShareDialog|ScheduleDialog|SqlWorkbench|map|funnel|sankey|heatmap|chord|text|treemap)-[A-Z0-9]{8}-[\w-]{8}\.js$/;

let database: TestDatabase;
let playground: RunningPlayground;
let browser: Browser;
let auth: Record<string, string>;
let dashboardId: string;
const tileIds: Record<string, string> = {};

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  playground = await startPlayground(PORT, database.env);
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  const created = await api('POST', '/dashboards/dashboards', {
    name: DASHBOARD_NAME,
    tiles: [
      ...BAR_AND_KPI_TILES,
      {
        title: 'Slow figure',
        tile_type: 'kpi',
        query: 'SELECT COUNT(*) + 7 AS "total" FROM leads',
        chart_config: { valueField: 'total' },
        grid_x: 9,
        grid_y: 0,
        grid_w: 3,
        grid_h: 2,
      },
      {
        title: 'Labels treemap',
        tile_type: 'chart',
        chart_type: 'treemap',
        query: `SELECT 'a' AS "name", 3 AS "value" UNION ALL SELECT 'b', 5`,
        chart_config: { nameField: 'name', valueField: 'value' },
        grid_x: 0,
        grid_y: 4,
        grid_w: 6,
        grid_h: 4,
      },
    ],
  });
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  dashboardId = created.body.id;
  for (const tile of created.body.tiles) tileIds[tile.title] = tile.id;
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  await database?.drop();
});

/** The page's tile data requests: `stream <tile ids, sorted>` for the shared stream, a tile's id for its own. */
function watchDataRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith(`/dashboards/dashboards/${dashboardId}/data`)) {
      const tiles = (url.searchParams.get('tiles') ?? '').split(',').sort().join(' ');
      seen.push(url.searchParams.get('format') === 'ndjson' ? `stream ${tiles}` : 'all');
    }
    const tile = /\/tiles\/([^/]+)\/data$/.exec(url.pathname)?.[1];
    if (tile) seen.push(tile);
  });
  return seen;
}

/** The names (`TileEditor`, `map` …) of the lazy chunks the page has asked for so far. */
function watchLazyChunks(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (request: Request) => {
    const name = LAZY_CHUNK.exec(new URL(request.url()).pathname)?.[1];
    if (name) asked.push(name);
  });
  return asked;
}

/** The shared stream of the dashboard's tile data (GET /:id/data?format=ndjson). */
const isStream = (url: URL) =>
  url.pathname.endsWith(`/dashboards/dashboards/${dashboardId}/data`) &&
  url.searchParams.get('format') === 'ndjson';

/** Waits for the page to ask for the lazy chunk `name` (the module it needs when first used). */
const chunkAsked = (page: Page, name: string) =>
  page.waitForRequest((request) => LAZY_CHUNK.exec(new URL(request.url()).pathname)?.[1] === name, {
    timeout: 30_000,
  });

it('draws each tile when its line of the shared stream arrives: one held back leaves the others drawn', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const chunks = watchLazyChunks(page);
  const dataRequests = watchDataRequests(page);
  const everyTile = `stream ${Object.values(tileIds).sort().join(' ')}`;

  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  // the slow tile reads the leads table, held until the others are drawn
  const release = await holdPostgresTable(database.env, 'leads');
  try {
    await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
    const others = ['Sales by label', 'KPI', 'Labels treemap'].map((title) => tileIds[title]);
    await page.waitForFunction(
      (ids) =>
        ids.every(
          (id) =>
            document.querySelector<HTMLElement>(`[data-tile-id="${id}"] .dv-tile-body`)?.dataset.tileState ===
            'drawn'
        ),
      others,
      { timeout: 60_000 }
    );
    // the others are drawn from their lines while the slow tile's has not come: it shows its loader
    const slow = page.locator(`[data-tile-id="${tileIds['Slow figure']}"]`);
    await expect(slow.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(slow.getByText('Loading the tile’s data.').count()).resolves.toBe(1);
    await expect(slow.locator('.dv-tile-body').getAttribute('data-tile-state')).resolves.toBeNull();
    await expect(page.locator(`[data-tile-id="${tileIds.KPI}"] .dv-metric-value`).innerText()).resolves.toBe(
      '42'
    );
  } finally {
    await release();
  }

  // the slow tile draws once its line comes, on the same request
  const tiles = await drawnGridTiles(page, 4);
  expect(tiles[tileIds['Slow figure']].state).toBe('drawn');
  await expect(
    page.locator(`[data-tile-id="${tileIds['Slow figure']}"] .dv-metric-value`).innerText()
  ).resolves.toBe('7');
  // one request for every tile, with no filter values
  expect(dataRequests).toEqual([everyTile]);

  // everything drawn: of the lazy chunks only the one of a kind on the dashboard was loaded
  expect(chunks).toEqual(['treemap']);

  // the next visit finds every result in the cache: the same one request draws them all
  dataRequests.length = 0;
  await page.reload();
  const again = await drawnGridTiles(page, 4);
  expect(Object.values(again).map((tile) => tile.state)).toEqual(['drawn', 'drawn', 'drawn', 'drawn']);
  expect(dataRequests).toEqual([everyTile]);
  await expect(page.locator('[data-testid="dashboard-grid"] time[data-cached="true"]').count()).resolves.toBe(
    4
  );
  expect(errors).toEqual([]);
  await page.close();
});

it('asks for a tile on its own when the stream does not answer it', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const dataRequests = watchDataRequests(page);
  // the stream's answer loses the KPI's line: that tile asks for its own
  await page.route(isStream, async (route: Route) => {
    const response = await route.fetch();
    const lines = (await response.text())
      .split('\n')
      .filter((line) => line && (JSON.parse(line) as { id: string }).id !== tileIds.KPI);
    await route.fulfill({ response, body: lines.map((line) => `${line}\n`).join('') });
  });
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  const tiles = await drawnGridTiles(page, 4);
  expect(Object.values(tiles).map((tile) => tile.state)).toEqual(['drawn', 'drawn', 'drawn', 'drawn']);
  await expect(page.locator(`[data-tile-id="${tileIds.KPI}"] .dv-metric-value`).innerText()).resolves.toBe(
    '42'
  );
  expect(dataRequests).toEqual([`stream ${Object.values(tileIds).sort().join(' ')}`, tileIds.KPI]);
  expect(errors).toEqual([]);
  await page.close();
});

it('loads the tile editor and the dialogs only when they are opened', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const chunks = watchLazyChunks(page);
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await drawnGridTiles(page, 4);
  await page.getByRole('button', { name: 'Share', exact: true }).waitFor();
  expect(chunks).toEqual(['treemap']);

  // the tile editor: its chunk is asked for on "Add tile", and the editor opens
  const editorChunk = chunkAsked(page, 'TileEditor');
  await page.getByRole('button', { name: 'Add tile', exact: true }).click();
  await editorChunk;
  await page.locator('[data-testid="tile-editor"]').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="tile-editor"]').waitFor({ state: 'detached' });

  // the share dialog likewise
  const shareChunk = chunkAsked(page, 'ShareDialog');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await shareChunk;
  await page.locator('[data-testid="share-dialog"]').waitFor({ timeout: 30_000 });

  // (a new tile starts as an SQL tile: the editor brings its SQL workbench, already lazy before)
  expect(chunks).toEqual(['treemap', 'TileEditor', 'SqlWorkbench', 'ShareDialog']);
  expect(errors).toEqual([]);
  await page.close();
});

it('tells the age of a result from the cache, in the admin’s language', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // the KPI's answer as the cache gives it three minutes after it was computed
  const computedAt = new Date(Date.now() - 3 * 60_000 - 5_000).toISOString();
  // (the earlier visits computed every tile: the stream answers them from the cache)
  await page.route(isStream, async (route: Route) => {
    const response = await route.fetch();
    const lines = (await response.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const tile = JSON.parse(line) as { id: string };
        return tile.id === tileIds.KPI ? { ...tile, executed_at: computedAt, cached: true } : tile;
      });
    await route.fulfill({ response, body: lines.map((tile) => `${JSON.stringify(tile)}\n`).join('') });
  });
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await drawnGridTiles(page, 4);

  const kpiTime = page.locator(`[data-tile-id="${tileIds.KPI}"] time`);
  await expect(kpiTime.innerText()).resolves.toBe('Computed 3 minutes ago');
  await expect(kpiTime.getAttribute('data-cached')).resolves.toBe('true');
  await expect(kpiTime.getAttribute('datetime')).resolves.toBe(computedAt);
  await expect(kpiTime.getAttribute('title')).resolves.toMatch(/^Computed at /);
  // the bar chart was computed by an earlier visit (the first test): served from the cache now
  const barTime = page.locator(`[data-tile-id="${tileIds['Sales by label']}"] time`);
  await expect(barTime.getAttribute('data-cached')).resolves.toBe('true');
  await expect(barTime.innerText()).resolves.toMatch(/^Computed (now|\d+ seconds ago|\d+ minutes? ago)$/);

  // in French: the admin's language writes the age
  await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'fr'));
  await page.reload();
  await drawnGridTiles(page, 4);
  await expect(kpiTime.innerText()).resolves.toBe('Calculé il y a 3 minutes');
  expect(errors).toEqual([]);
  await page.close();
});
