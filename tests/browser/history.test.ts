/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import {
  BAR_AND_KPI_TILES,
  callApi,
  drawnGridTiles,
  screenshot,
  type RunningPlayground,
  adminSession,
  animationsDone,
} from './helpers/playground';
import { drawnTiles } from './helpers/tiles';
import { COLUMNS, GAP, ROW_HEIGHT, dragBy, saveLayout, waitForCell } from './helpers/grid';

/**
 * Version history in the admin (issue 19): the History dialog lists each save in words, shows a
 * revision read-only with its tiles drawn, and restores it; the builder undoes the last layout change.
 */
let playground: RunningPlayground;
let context: BrowserContext;
let auth: Record<string, string>;

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

let session: Awaited<ReturnType<typeof adminSession>>;

beforeAll(async () => {
  session = await adminSession(Number(process.env.HISTORY_TEST_PORT ?? 1449));
  ({ playground, context, auth } = session);
});

afterAll(async () => {
  await session?.close();
});

async function createDashboard(name: string) {
  const created = await api('POST', '/dashboards/dashboards', {
    name,
    layout: { columns: COLUMNS, rowHeight: ROW_HEIGHT, gap: GAP },
    tiles: BAR_AND_KPI_TILES,
  });
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  const tileId = (title: string) => created.body.tiles.find((tile: any) => tile.title === title).id as string;
  return { id: created.body.id as string, chartId: tileId('Sales by label'), kpiId: tileId('KPI') };
}

async function openDashboard(page: Page, id: string) {
  await page.goto(`${playground.url}/admin/plugins/dashboards/${id}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
}

const revisionRows = (page: Page) =>
  page
    .locator('[data-testid="revision-list"] tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.getAttribute('data-revision'),
        (row.querySelectorAll('td')[3] as HTMLElement).innerText.trim(),
      ])
    );

it('lists each save in words, previews a revision with its tiles drawn, and restores it', async () => {
  const { id, kpiId } = await createDashboard('History board');
  expect((await api('PUT', `/dashboards/dashboards/${id}`, { name: 'History board renamed' })).status).toBe(
    200
  );
  const moved = await api('PUT', `/dashboards/dashboards/${id}/tiles/layout`, {
    layouts: [{ tile_id: kpiId, grid_x: 9, grid_y: 0, grid_w: 3, grid_h: 2 }],
  });
  expect(moved.status).toBe(204);

  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openDashboard(page, id);
  await drawnGridTiles(page, 2);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await page.locator('[data-testid="revision-list"]').waitFor();
  expect(await revisionRows(page)).toEqual([
    ['3', 'Moved or resized 1 tile'],
    ['2', 'Renamed “History board” to “History board renamed”'],
    ['1', 'Created the dashboard'],
  ]);
  await animationsDone(page);
  await screenshot(page, 'history-1-list');

  // the first revision, read-only: its tiles run and drawn where its layout put them
  await page.locator('[data-revision="1"]').getByRole('button', { name: 'Preview' }).click();
  const preview = page.locator('[data-testid="revision-preview"]');
  await preview.getByText('Revision 1: History board', { exact: true }).waitFor();
  await drawnTiles(page, {
    count: 2,
    tile: '[data-testid="revision-preview-tile"]',
    allDrawn: true,
    timeout: 30_000,
  });
  const kpiText = await preview.locator('[data-testid="revision-preview-tile"]').nth(1).innerText();
  expect(kpiText).toContain('42');
  await screenshot(page, 'history-2-preview');

  await page.getByRole('button', { name: 'Back to the revisions' }).click();
  await page.locator('[data-revision="1"]').getByRole('button', { name: 'Restore' }).click();
  const restored = page.waitForResponse((response) => response.url().includes('/restore'));
  await page.locator('[data-testid="revision-restore-confirm"]').click();
  expect((await restored).status()).toBe(200);
  await page.locator('h1', { hasText: /^History board$/ }).waitFor();
  await waitForCell(page, kpiId, 6, 0);
  await screenshot(page, 'history-3-restored');

  const history = await api('GET', `/dashboards/dashboards/${id}/revisions`);
  expect(history.body.data[0]).toMatchObject({
    number: 4,
    changes: [
      { type: 'restored', number: 1 },
      { type: 'renamed', from: 'History board renamed', to: 'History board' },
      { type: 'tiles_moved', count: 1 },
    ],
  });
  const stored = await api('GET', `/dashboards/dashboards/${id}`);
  expect(stored.body.name).toBe('History board');
  expect(stored.body.tiles.find((tile: any) => tile.id === kpiId).grid_x).toBe(6);
  expect(errors).toEqual([]);
  await page.close();
});

it('undoes the last layout change in the builder', async () => {
  const { id, chartId, kpiId } = await createDashboard('Undo board');
  const page = await context.newPage();
  await openDashboard(page, id);
  await drawnGridTiles(page, 2);
  await page.getByRole('button', { name: 'Edit layout' }).click();
  await page.locator('[data-testid="dashboard-grid"][data-editing="true"]').waitFor();
  await dragBy(page, kpiId, 3);
  await waitForCell(page, kpiId, 9, 0);
  await saveLayout(page, id);

  const undone = page.waitForResponse((response) => response.url().endsWith(`/${id}/tiles/layout`));
  await page.getByRole('button', { name: 'Undo layout change' }).click();
  expect((await undone).status()).toBe(204);
  await waitForCell(page, kpiId, 6, 0);
  await waitForCell(page, chartId, 0, 0);
  await page.getByRole('button', { name: 'Undo layout change' }).waitFor({ state: 'detached' });
  const stored = await api('GET', `/dashboards/dashboards/${id}`);
  expect(stored.body.tiles.find((tile: any) => tile.id === kpiId).grid_x).toBe(6);
  const history = await api('GET', `/dashboards/dashboards/${id}/revisions`);
  expect(history.body.data.map((revision: any) => revision.summary)).toEqual([
    'Moved or resized 1 tile',
    'Moved or resized 1 tile',
    'Created the dashboard',
  ]);
  await screenshot(page, 'history-4-undone');
  await page.close();
});
