/// <reference lib="dom" />
import Database from 'better-sqlite3';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import {
  adminAuthorization,
  callApi,
  launchChromium,
  logIn,
  OUTPUT_DIR,
  screenshot,
  startPlayground,
  watchTileStreams,
  type StreamedTile,
  type RunningPlayground,
} from './helpers/playground';

/**
 * Issue 17's newcomer flow, as one would click it: "leads created per week for the last 90 days,
 * by source" built with the content-type builder and a date-range filter, the filter changed, then
 * the same chart written in SQL with the editor's completion. The figures drawn are those of the
 * leads below, whose creation dates are set in the database; how long each flow takes in the
 * browser is printed and written to test-output/browser/newcomer-timings.json (never asserted).
 */
const DAY = 24 * 60 * 60 * 1000;
/** Each lead's source and how many days before now it was created. */
const LEADS: [string, string, number][] = [
  ['Ada', 'website', 0],
  ['Bea', 'website', 0],
  ['Cy', 'website', 3],
  ['Dan', 'referral', 3],
  ['Eve', 'website', 20],
  ['Fay', 'referral', 50],
  ['Gus', 'event', 60],
  ['Hal', 'linkedin', 100],
  ['Ivy', 'cold_call', 200],
];

let dataDir: string;
let playground: RunningPlayground;
let browser: Browser;
let context: BrowserContext;
/** The tile-data streams the context's pages receive. */
let streams: Awaited<ReturnType<typeof watchTileStreams>>;
let auth: Record<string, string>;
const now = Date.now();
let dashboardId: string;
let contentTileId: string;

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboards-newcomer-'));
  const filename = path.join(dataDir, 'data.db');
  playground = await startPlayground(Number(process.env.NEWCOMER_TEST_PORT ?? 1448), {
    DATABASE_FILENAME: filename,
  });
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  const database = new Database(filename);
  try {
    for (const [name, source, daysAgo] of LEADS) {
      const lead = await api('POST', '/content-manager/collection-types/api::lead.lead', { name, source });
      expect([lead.status, lead.status < 300 ? null : lead.body]).toEqual([201, null]);
      // Strapi stamps createdAt itself: the past is written straight into the database
      database
        .prepare('UPDATE leads SET created_at = ? WHERE document_id = ?')
        .run(now - daysAgo * DAY, lead.body.data.documentId);
    }
  } finally {
    database.close();
  }
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, timezoneId: 'UTC' });
  streams = await watchTileStreams(context);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
/** The Monday (UTC) starting the week of `time`. */
const weekOf = (time: number) => {
  const day = new Date(isoDay(time));
  return isoDay(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
};

/** The leads created in the last `days` UTC days, counted per week and source, weeks then sources in order. */
function expectedWeeks(days: number, weekColumn: string, countColumn: string) {
  const first = isoDay(now - (days - 1) * DAY);
  const counts = new Map<string, number>();
  for (const [, source, daysAgo] of LEADS) {
    const created = now - daysAgo * DAY;
    if (isoDay(created) < first) continue;
    const key = `${weekOf(created)} ${source}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, count]) => {
      const [week, source] = key.split(' ');
      return { [weekColumn]: week, source, [countColumn]: count };
    });
}

/** Picks `option` in the design-system select labelled `label` inside `scope`. */
async function choose(scope: Page | ReturnType<Page['locator']>, label: string, option: string, page: Page) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * The rows of a tile in the page's next answer for it: its line in the tiles' shared stream
 * (GET /:id/data?format=ndjson) or its own request (GET /:id/tiles/:tileId/data); the next one asked
 * for the period starting on `from`, when given: an answer still on its way for the old period is
 * not it.
 */
function nextTileRows(page: Page, dashboardId: string, tileId: string, from?: string) {
  const wanted = (url: URL) =>
    url.pathname.endsWith(`/dashboards/dashboards/${dashboardId}/data`) &&
    (from === undefined || url.searchParams.get('params[created_from]') === from);
  return new Promise<unknown[] | null>((resolve) => {
    const finish = (rows: unknown[] | null) => {
      stopWatching();
      page.off('response', onResponse);
      resolve(rows);
    };
    const stopWatching = streams((url, tiles) => {
      const answer = wanted(url) ? tiles.find((tile) => tile.id === tileId) : undefined;
      if (answer) finish(answer.data?.rows ?? null);
    });
    const onResponse = async (response: Response) => {
      const url = new URL(response.url());
      if (response.request().method() !== 'GET') return;
      if (from !== undefined && url.searchParams.get('params[created_from]') !== from) return;
      if (!url.pathname.endsWith(`/dashboards/dashboards/${dashboardId}/tiles/${tileId}/data`)) return;
      finish(((await response.json()) as StreamedTile).data?.rows ?? null);
    };
    page.on('response', onResponse);
  });
}

/** Clicks the tile editor's "Add the tile" and answers the new tile's id once the editor is closed. */
async function addTheTile(page: Page): Promise<string> {
  const added = page.waitForResponse(
    (response) =>
      response.url().endsWith(`/dashboards/dashboards/${dashboardId}/tiles`) &&
      response.request().method() === 'POST'
  );
  await page.getByRole('button', { name: 'Add the tile', exact: true }).click();
  const response = await added;
  expect(response.status()).toBe(201);
  await page.locator('[data-testid="tile-editor"]').waitFor({ state: 'detached' });
  return ((await response.json()) as { id: string }).id;
}

const waitUntilDrawn = (page: Page, tileId: string) =>
  page.waitForFunction(
    (id) =>
      document.querySelector<HTMLElement>(`[data-tile-id="${id}"] .dv-tile-body`)?.dataset.tileState ===
      'drawn',
    tileId,
    { timeout: 30_000 }
  );

const axisLabels = async (page: Page, tileId: string): Promise<string[]> =>
  JSON.parse(
    (await page.locator(`[data-tile-id="${tileId}"] .dv-chart`).getAttribute('data-axis-labels')) ?? '[]'
  );

const seriesLabels = async (page: Page, tileId: string): Promise<string[]> =>
  JSON.parse(
    (await page.locator(`[data-tile-id="${tileId}"] .dv-chart`).getAttribute('data-series-labels')) ?? '[]'
  );

const timings: Record<string, number> = {};

function writeTimings() {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUTPUT_DIR, 'newcomer-timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  console.log(`newcomer flow timings (ms): ${JSON.stringify(timings)}`);
}

it('builds leads created per week by source with the content-type builder and a date-range filter, then changes the filter', async () => {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await logIn(page, playground);
  const menu = page.locator('nav a[href="/admin/plugins/dashboards"]');
  await menu.waitFor({ timeout: 60_000 });

  const started = Date.now();
  await menu.click();
  await page.locator('[data-testid="dashboards-home"]').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Create dashboard' }).first().click();
  const form = page.locator('[data-testid="create-dashboard-form"]');
  await form.locator('input[name="name"]').fill('Lead flow');
  const created = page.waitForResponse(
    (response) => response.url().endsWith('/dashboards/dashboards') && response.request().method() === 'POST'
  );
  await form.getByRole('button', { name: 'Create' }).click();
  dashboardId = ((await (await created).json()) as { id: string }).id;
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });

  // the tile: a bar chart of leads counted per week of createdAt, grouped by source
  await page.getByRole('button', { name: 'Add tile' }).first().click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('Leads per week');
  await choose(page, 'Chart type', 'bar', page);
  await choose(page, 'Source', 'Content type (no SQL)', page);
  await choose(page, 'Content type', 'Lead', page);
  await choose(page, 'Measure', 'count', page);
  await choose(page, 'Group by', 'source', page);
  await choose(page, 'Date bucket', 'createdAt', page);
  await choose(page, 'Per', 'week', page);
  contentTileId = await addTheTile(page);

  // the filter: "Created", the last 90 days unless changed, applied to the tile's createdAt
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.locator('[data-testid="dashboard-settings"]');
  await dialog.getByRole('tab', { name: /^Filters/ }).click();
  await dialog.getByRole('button', { name: 'Add a filter' }).click();
  const filter = dialog.locator('[data-testid="settings-filter"]').first();
  await filter.getByRole('textbox', { name: 'Label' }).fill('Created');
  await choose(filter, 'Default', 'Last 90 days', page);
  await choose(filter, 'Leads per week', 'Field createdAt', page);
  const drawn = nextTileRows(page, dashboardId, contentTileId, isoDay(now - 89 * DAY));
  await dialog.getByRole('button', { name: 'Save the settings' }).click();
  await dialog.waitFor({ state: 'detached' });
  const ninetyDays = await drawn;
  timings.contentTypeFlow = Date.now() - started;

  const last90 = expectedWeeks(90, 'createdAt', 'count');
  // Hal (100 days) and Ivy (200 days) are out of the period; today's two leads are in it
  expect(last90.reduce((sum, row) => sum + Number(row.count), 0)).toBe(7);
  expect(ninetyDays).toEqual(last90);
  await waitUntilDrawn(page, contentTileId);
  expect(await axisLabels(page, contentTileId)).toHaveLength(
    new Set(last90.map((row) => row.createdAt)).size
  );
  // one series per source, without naming the series column
  expect(await seriesLabels(page, contentTileId)).toEqual(['Event', 'Referral', 'Website']);
  await screenshot(page, 'newcomer-1-content-type-90-days');

  // changing the filter re-runs the tile: the last 7 days hold Ada, Bea, Cy and Dan
  const changedAt = Date.now();
  const redrawn = nextTileRows(page, dashboardId, contentTileId, isoDay(now - 6 * DAY));
  await choose(page.locator('[data-filter-id="created"]'), 'Created', 'Last 7 days', page);
  const sevenDays = await redrawn;
  timings.changeTheFilter = Date.now() - changedAt;
  const last7 = expectedWeeks(7, 'createdAt', 'count');
  expect(last7.reduce((sum, row) => sum + Number(row.count), 0)).toBe(4);
  expect(sevenDays).toEqual(last7);
  await screenshot(page, 'newcomer-2-content-type-7-days');

  const stored = await api('GET', `/dashboards/dashboards/${dashboardId}`);
  expect(stored.body.filters).toEqual([
    { id: 'created', type: 'date_range', label: 'Created', default: 'last90' },
  ]);
  expect(stored.body.tiles[0].source).toEqual({
    kind: 'content-type',
    uid: 'api::lead.lead',
    measure: { fn: 'count' },
    group_by: 'source',
    date_bucket: { field: 'createdAt', unit: 'week' },
    filters: { createdAt: { $gte: '{{created_from}}', $lte: '{{created_to}}' } },
  });
  expect(errors).toEqual([]);
  await page.close();
  writeTimings();
});

const EDITOR = '[data-testid="sql-editor-code"] .cm-content';

it('writes the same chart in SQL with the editor’s completion, under the same filter', async () => {
  expect(dashboardId).toBeDefined();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });

  const started = Date.now();
  await page.getByRole('button', { name: 'Add tile' }).first().click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('Leads per week (SQL)');
  await choose(page, 'Chart type', 'bar', page);
  await page.locator(EDITOR).waitFor({ timeout: 30_000 });
  await page.locator(EDITOR).click();
  // SQLite keeps datetimes as milliseconds; a week starts on Monday, as the content-type bucket's
  await page.keyboard.type(
    "SELECT date(created_at / 1000, 'unixepoch', 'weekday 0', '-6 days') AS week, source, COUNT(*) AS leads FROM le"
  );
  const offered = page.locator('.cm-tooltip-autocomplete li[aria-selected="true"] .cm-completionLabel');
  await offered.waitFor();
  expect(await offered.innerText()).toBe('leads');
  // CodeMirror ignores keys in the first 75 ms of a completion list (its interactionDelay)
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.keyboard.type(
    " WHERE date(created_at / 1000, 'unixepoch') BETWEEN {{created_from}} AND {{created_to}} GROUP BY week, source ORDER BY week, source"
  );
  await screenshot(page, 'newcomer-3-sql-typed');
  const previewed = page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname.endsWith(`/dashboards/dashboards/${dashboardId}/tiles/preview`) &&
      response.request().method() === 'POST',
    { timeout: 30_000 }
  );
  await page.keyboard.press('Control+Enter');
  const preview = (await (await previewed).json()) as { error: string | null; data: { rows: unknown[] } };
  expect(preview.error).toBeNull();
  // a page opened afresh has the filter's default: the last 90 days
  expect(preview.data.rows).toEqual(expectedWeeks(90, 'week', 'leads'));
  // the x axis and the series are the automatic ones: the first column, the text column beside it
  const sqlTileId = await addTheTile(page);
  timings.sqlFlow = Date.now() - started;

  // the last 7 days again: both tiles agree with the leads
  const redrawn = nextTileRows(page, dashboardId, sqlTileId, isoDay(now - 6 * DAY));
  await choose(page.locator('[data-filter-id="created"]'), 'Created', 'Last 7 days', page);
  expect(await redrawn).toEqual(expectedWeeks(7, 'week', 'leads'));
  await waitUntilDrawn(page, sqlTileId);
  expect(await axisLabels(page, sqlTileId)).toEqual(await axisLabels(page, contentTileId));
  expect(await seriesLabels(page, sqlTileId)).toEqual(['Referral', 'Website']);
  expect(await seriesLabels(page, contentTileId)).toEqual(['Referral', 'Website']);
  await screenshot(page, 'newcomer-4-sql-and-content-type');
  expect(errors).toEqual([]);
  await page.close();
  writeTimings();
});
