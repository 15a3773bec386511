/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import {
  adminAuthorization,
  callApi,
  BAR_AND_KPI_TILES,
  createDashboardReader,
  drawnGridTiles,
  launchChromium,
  screenshot,
  startPlayground,
  type RunningPlayground,
  logIn,
  openDashboardsList,
} from './helpers/playground';

/**
 * The admin panel's dashboard page on the built playground (`strapi start`): a dashboard created
 * through the admin API is opened from the list, its tiles are drawn by Chromium from live data,
 * and a tile dragged in edit mode keeps its new column after saving and reloading.
 */
const DASHBOARD_NAME = 'Browser dashboard page';
const COLUMNS = 12;
const GAP = 16;

let playground: RunningPlayground;
let browser: Browser;
let auth: Record<string, string>;
let dashboardId: string;
let chartTileId: string;
let kpiTileId: string;

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.DASHBOARD_PAGE_TEST_PORT ?? 1439));
  browser = await launchChromium();

  auth = await adminAuthorization(playground);

  const created = await api('POST', '/dashboards/dashboards', {
    name: DASHBOARD_NAME,
    layout: { columns: COLUMNS, rowHeight: 80, gap: GAP },
    tiles: BAR_AND_KPI_TILES,
  });
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  dashboardId = created.body.id;
  chartTileId = created.body.tiles.find((tile: any) => tile.title === 'Sales by label').id;
  kpiTileId = created.body.tiles.find((tile: any) => tile.title === 'KPI').id;
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

/** The grid's column (0-based) where a tile's left edge stands, measured on the page. */
async function columnOf(page: Page, tileId: string) {
  const grid = (await page.locator('[data-testid="dashboard-grid"]').boundingBox())!;
  const tile = (await page.locator(`[data-grid-tile-id="${tileId}"]`).boundingBox())!;
  const step = (grid.width - GAP * (COLUMNS - 1)) / COLUMNS + GAP;
  return { column: (tile.x - grid.x) / step, step };
}

/** Waits out the grid's 200 ms placement transition until the tile stands in `column`. */
async function waitForColumn(page: Page, tileId: string, column: number) {
  let seen = NaN;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    seen = (await columnOf(page, tileId)).column;
    if (Math.abs(seen - column) < 0.05) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`tile ${tileId} stands at column ${seen}, not ${column}`);
}

it('opens a dashboard from the list and draws its tiles from live data', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openDashboardsList(page, playground);
  await page.getByRole('link', { name: DASHBOARD_NAME }).click();

  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  expect(page.url()).toBe(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await expect(page.locator('h1').first().textContent()).resolves.toBe(DASHBOARD_NAME);

  const tiles = await drawnGridTiles(page, 2);
  expect(tiles[chartTileId].state).toBe('drawn');
  expect(tiles[kpiTileId].state).toBe('drawn');
  expect(tiles[chartTileId].painted).toBeGreaterThan(2000);
  await expect(page.locator(`[data-tile-id="${kpiTileId}"] .dv-metric-value`).innerText()).resolves.toBe(
    '42'
  );
  await expect(page.locator(`[data-tile-id="${kpiTileId}"] time`).innerText()).resolves.toMatch(
    /^Computed (now|\d+ seconds? ago)$/
  );
  await waitForColumn(page, kpiTileId, 6);
  await expect(page.getByRole('button', { name: 'Edit layout' }).count()).resolves.toBe(1);
  await screenshot(page, 'dashboard-page');
  expect(errors).toEqual([]);
  await page.close();
});

it('moves a tile to another column in edit mode, saves it, and keeps it there after a reload', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await drawnGridTiles(page, 2);

  await page.getByRole('button', { name: 'Edit layout' }).click();
  await page.locator('[data-testid="dashboard-grid"][data-editing="true"]').waitFor();

  const { step } = await columnOf(page, kpiTileId);
  const handle = (await page.locator(`[data-tile-id="${kpiTileId}"] .dashboards-tile-handle`).boundingBox())!;
  const startX = handle.x + handle.width / 2;
  const startY = handle.y + handle.height / 2;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  await page.mouse.move(startX + step * 3, startY, { steps: 12 });
  await page.mouse.up();
  await waitForColumn(page, kpiTileId, 9);

  const saved = page.waitForResponse(
    (response) => response.url().endsWith(`/dashboards/dashboards/${dashboardId}/tiles/layout`),
    { timeout: 30_000 }
  );
  await page.getByRole('button', { name: 'Save' }).click();
  expect((await saved).status()).toBe(204);
  await page.locator('[data-testid="dashboard-grid"][data-editing="false"]').waitFor();

  const stored = await api('GET', `/dashboards/dashboards/${dashboardId}`);
  expect(stored.status).toBe(200);
  const kpi = stored.body.tiles.find((tile: any) => tile.id === kpiTileId);
  expect([kpi.grid_x, kpi.grid_y, kpi.grid_w, kpi.grid_h]).toEqual([9, 0, 3, 2]);
  const chart = stored.body.tiles.find((tile: any) => tile.id === chartTileId);
  expect([chart.grid_x, chart.grid_y, chart.grid_w, chart.grid_h]).toEqual([0, 0, 6, 4]);

  await page.reload();
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await drawnGridTiles(page, 2);
  await waitForColumn(page, kpiTileId, 9);
  await expect(page.locator(`[data-tile-id="${kpiTileId}"] .dv-metric-value`).innerText()).resolves.toBe(
    '42'
  );
  await screenshot(page, 'dashboard-page-edited');
  expect(errors).toEqual([]);
  await page.close();
});

it('puts the previous layout back and says so when the layout cannot be saved', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await drawnGridTiles(page, 2);
  await waitForColumn(page, kpiTileId, 9);
  // the server refuses this save (as it would a layout another editor made invalid meanwhile)
  await page.route(`**/dashboards/dashboards/${dashboardId}/tiles/layout`, (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({
        data: null,
        error: { status: 400, name: 'ValidationError', message: 'refused' },
      }),
    })
  );

  await page.getByRole('button', { name: 'Edit layout' }).click();
  await page.locator('[data-testid="dashboard-grid"][data-editing="true"]').waitFor();
  const { step } = await columnOf(page, kpiTileId);
  const handle = (await page.locator(`[data-tile-id="${kpiTileId}"] .dashboards-tile-handle`).boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2 - step * 2, handle.y + handle.height / 2, { steps: 12 });
  await page.mouse.up();
  await waitForColumn(page, kpiTileId, 7);
  await screenshot(page, 'dashboard-page-editing');

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('The layout could not be saved. The previous layout has been restored.').waitFor();
  await page.locator('[data-testid="dashboard-grid"][data-editing="false"]').waitFor();
  await waitForColumn(page, kpiTileId, 9);
  const stored = await api('GET', `/dashboards/dashboards/${dashboardId}`);
  expect(stored.body.tiles.find((tile: any) => tile.id === kpiTileId).grid_x).toBe(9);
  await page.close();
});

it('shows no edit button to an admin who may read dashboards but not edit them', async () => {
  const { email, password } = await createDashboardReader(playground, auth);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await logIn(page, playground, { email, password });
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await drawnGridTiles(page, 2);
  await expect(page.locator('h1').first().textContent()).resolves.toBe(DASHBOARD_NAME);
  expect(await page.getByRole('button', { name: 'Edit layout' }).count()).toBe(0);
  await context.close();
});
