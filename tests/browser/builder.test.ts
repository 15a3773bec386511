/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import {
  adminAuthorization,
  BAR_AND_KPI_TILES,
  callApi,
  drawnGridTiles,
  launchChromium,
  logIn,
  screenshot,
  startPlayground,
  type RunningPlayground,
} from './helpers/playground';

/**
 * The dashboard builder on the built playground (issue 17): the grid compacts vertically and saves
 * the compacted layout, the tile editor asks before unsaved work is thrown away.
 */
const COLUMNS = 12;
const ROW_HEIGHT = 80;
const GAP = 16;

let playground: RunningPlayground;
let browser: Browser;
let auth: Record<string, string>;

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.BUILDER_TEST_PORT ?? 1445));
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

async function createDashboard(name: string, extra: object = {}) {
  const created = await api('POST', '/dashboards/dashboards', {
    name,
    layout: { columns: COLUMNS, rowHeight: ROW_HEIGHT, gap: GAP },
    tiles: BAR_AND_KPI_TILES,
    ...extra,
  });
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  const tileId = (title: string) => created.body.tiles.find((tile: any) => tile.title === title).id as string;
  return { id: created.body.id as string, chartId: tileId('Sales by label'), kpiId: tileId('KPI') };
}

async function openDashboard(page: Page, id: string, search = '') {
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${id}${search}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
}

/** Where a tile stands on the page, in grid cells (column and row of its upper left corner). */
async function cellOf(page: Page, tileId: string) {
  const grid = (await page.locator('[data-testid="dashboard-grid"]').boundingBox())!;
  const tile = (await page.locator(`[data-grid-tile-id="${tileId}"]`).boundingBox())!;
  const step = (grid.width - GAP * (COLUMNS - 1)) / COLUMNS + GAP;
  return { column: (tile.x - grid.x) / step, row: (tile.y - grid.y) / (ROW_HEIGHT + GAP), step };
}

/** Waits out the grid's 200 ms placement transition until the tile stands in `column`, `row`. */
async function waitForCell(page: Page, tileId: string, column: number, row: number) {
  let seen = { column: NaN, row: NaN };
  for (let attempt = 0; attempt < 50; attempt += 1) {
    seen = await cellOf(page, tileId);
    if (Math.abs(seen.column - column) < 0.05 && Math.abs(seen.row - row) < 0.05) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`tile ${tileId} stands at ${JSON.stringify(seen)}, not column ${column} row ${row}`);
}

/** Drags a tile by its title `columns` columns to the right (left when negative). */
async function dragBy(page: Page, tileId: string, columns: number) {
  const { step } = await cellOf(page, tileId);
  const handle = (await page.locator(`[data-tile-id="${tileId}"] .dashboards-tile-handle`).boundingBox())!;
  const x = handle.x + handle.width / 2;
  const y = handle.y + handle.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + step * columns, y, { steps: 16 });
  await page.mouse.up();
}

async function saveLayout(page: Page, id: string) {
  const saved = page.waitForResponse(
    (response) => response.url().endsWith(`/dashboards/dashboards/${id}/tiles/layout`),
    { timeout: 30_000 }
  );
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await saved).status()).toBe(204);
  await page.locator('[data-testid="dashboard-grid"][data-editing="false"]').waitFor();
}

/** The stored boxes by tile id: `[x, y, w, h]`. */
async function storedBoxes(id: string) {
  const stored = await api('GET', `/dashboards/dashboards/${id}`);
  expect(stored.status).toBe(200);
  return Object.fromEntries(
    stored.body.tiles.map((tile: any) => [tile.id, [tile.grid_x, tile.grid_y, tile.grid_w, tile.grid_h]])
  ) as Record<string, number[]>;
}

it('compacts the grid vertically and saves the compacted layout, with no gap left by a pushed tile', async () => {
  const { id, chartId, kpiId } = await createDashboard('Builder compaction');
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openDashboard(page, id);
  await drawnGridTiles(page, 2);

  // the KPI dropped on the chart's corner pushes the chart below it
  await page.getByRole('button', { name: 'Edit layout' }).click();
  await page.locator('[data-testid="dashboard-grid"][data-editing="true"]').waitFor();
  await dragBy(page, kpiId, -6);
  await waitForCell(page, kpiId, 0, 0);
  await waitForCell(page, chartId, 0, 2);
  await screenshot(page, 'builder-1-pushed');
  await saveLayout(page, id);
  expect(await storedBoxes(id)).toEqual({ [kpiId]: [0, 0, 3, 2], [chartId]: [0, 2, 6, 4] });

  // moved away again, the KPI leaves no gap: the chart rises back to the top row, and that is saved
  await page.getByRole('button', { name: 'Edit layout' }).click();
  await page.locator('[data-testid="dashboard-grid"][data-editing="true"]').waitFor();
  await dragBy(page, kpiId, 9);
  await waitForCell(page, kpiId, 9, 0);
  await waitForCell(page, chartId, 0, 0);
  await saveLayout(page, id);
  expect(await storedBoxes(id)).toEqual({ [kpiId]: [9, 0, 3, 2], [chartId]: [0, 0, 6, 4] });

  await page.reload();
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await drawnGridTiles(page, 2);
  await waitForCell(page, chartId, 0, 0);
  await waitForCell(page, kpiId, 9, 0);
  await screenshot(page, 'builder-1-compacted');
  expect(errors).toEqual([]);
  await page.close();
});

it('asks before Escape, a click outside or Cancel throw away unsaved tile-editor work', async () => {
  const { id } = await createDashboard('Builder discard');
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await openDashboard(page, id);
  await drawnGridTiles(page, 2);
  const editor = page.locator('[data-testid="tile-editor"]');
  const confirm = page.locator('[data-testid="tile-editor-discard"]');

  // nothing changed: Escape closes at once
  await page.getByRole('button', { name: 'Add tile' }).click();
  await editor.waitFor();
  await page.keyboard.press('Escape');
  await editor.waitFor({ state: 'detached' });
  expect(await confirm.count()).toBe(0);

  // a title typed: Escape asks, "Keep editing" keeps the work
  await page.getByRole('button', { name: 'Add tile' }).click();
  await editor.waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('Unsaved work');
  await page.keyboard.press('Escape');
  await confirm.waitFor();
  await expect(confirm.getByRole('heading').innerText()).resolves.toBe('Discard your changes?');
  await screenshot(page, 'builder-2-discard');
  await confirm.getByRole('button', { name: 'Keep editing' }).click();
  await confirm.waitFor({ state: 'detached' });
  await expect(page.getByRole('textbox', { name: 'Title' }).inputValue()).resolves.toBe('Unsaved work');

  // a click outside asks too; "Discard" closes the editor and nothing is saved
  await page.mouse.click(5, 500);
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Discard' }).click();
  await editor.waitFor({ state: 'detached' });
  expect(Object.keys(await storedBoxes(id))).toHaveLength(2);

  // editing a tile: Cancel with a changed title asks; unchanged, it closes
  await page.getByRole('button', { name: 'Tile actions for KPI' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await editor.waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await editor.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Tile actions for KPI' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await editor.waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('KPI renamed');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Discard' }).click();
  await editor.waitFor({ state: 'detached' });
  const stored = await api('GET', `/dashboards/dashboards/${id}`);
  expect(stored.body.tiles.map((tile: any) => tile.title).sort()).toEqual(['KPI', 'Sales by label']);
  await page.close();
});
