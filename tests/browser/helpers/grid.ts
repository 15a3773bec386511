/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/** The grid the browser tests' dashboards are made with. */
export const COLUMNS = 12;
export const ROW_HEIGHT = 80;
export const GAP = 16;

/** Where a tile stands on the page, in grid cells (column and row of its upper left corner). */
export async function cellOf(page: Page, tileId: string) {
  const grid = (await page.locator('[data-testid="dashboard-grid"]').boundingBox())!;
  const tile = (await page.locator(`[data-grid-tile-id="${tileId}"]`).boundingBox())!;
  const step = (grid.width - GAP * (COLUMNS - 1)) / COLUMNS + GAP;
  return { column: (tile.x - grid.x) / step, row: (tile.y - grid.y) / (ROW_HEIGHT + GAP), step };
}

/** Waits out the grid's 200 ms placement transition until the tile stands in `column`, `row`. */
export async function waitForCell(page: Page, tileId: string, column: number, row: number) {
  let seen = { column: NaN, row: NaN };
  for (let attempt = 0; attempt < 50; attempt += 1) {
    seen = await cellOf(page, tileId);
    if (Math.abs(seen.column - column) < 0.05 && Math.abs(seen.row - row) < 0.05) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`tile ${tileId} stands at ${JSON.stringify(seen)}, not column ${column} row ${row}`);
}

/** Drags a tile by its title `columns` columns to the right (left when negative). */
export async function dragBy(page: Page, tileId: string, columns: number) {
  const { step } = await cellOf(page, tileId);
  const handle = (await page.locator(`[data-tile-id="${tileId}"] .dashboards-tile-handle`).boundingBox())!;
  const x = handle.x + handle.width / 2;
  const y = handle.y + handle.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + step * columns, y, { steps: 16 });
  await page.mouse.up();
}

export async function saveLayout(page: Page, id: string) {
  const saved = page.waitForResponse(
    (response) => response.url().endsWith(`/dashboards/dashboards/${id}/tiles/layout`),
    { timeout: 30_000 }
  );
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await saved).status()).toBe(204);
  await page.locator('[data-testid="dashboard-grid"][data-editing="false"]').waitFor();
}
