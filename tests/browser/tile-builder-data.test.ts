/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import {
  adminAuthorization,
  callApi,
  launchChromium,
  logIn,
  screenshot,
  startPlayground,
  type RunningPlayground,
} from './helpers/playground';
import { drawnTiles, GRID_TILE } from './helpers/tiles';

/**
 * Issue 17 in the tile editor: map tiles (one map type select, created, previewed, drawn as the
 * map type says, an API-made one saved unchanged), and the content-type builder (the timestamps
 * offered, a date range of two filter rows on one field, a date bucket's unit defaulting to month).
 */
const COUNTRIES = `SELECT 'France' AS "country", 3 AS "leads" UNION ALL SELECT 'Spain', 5 UNION ALL SELECT 'Italy', 2`;
const LEAD_DATE_FIELDS = [
  'qualified_at',
  'converted_at',
  'sla_due_at',
  'first_response_at',
  'createdAt',
  'updatedAt',
  'publishedAt',
];

let playground: RunningPlayground;
let browser: Browser;
let auth: Record<string, string>;
let dashboardId: string;

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.DATA_TEST_PORT ?? 1444));
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  for (const [name, source] of [
    ['Ada', 'website'],
    ['Bob', 'website'],
    ['Cy', 'referral'],
  ]) {
    const lead = await api('POST', '/content-manager/collection-types/api::lead.lead', { name, source });
    expect([lead.status, lead.status < 300 ? null : lead.body]).toEqual([201, null]);
  }
  const dashboard = await api('POST', '/dashboards/dashboards', { name: 'Tile builder data' });
  expect(dashboard.status).toBe(201);
  dashboardId = dashboard.body.id;
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

/** Picks `option` in the design-system select labelled `label` (the `nth` of them). */
async function choose(page: Page, label: string, option: string, nth = 0) {
  await page.getByRole('combobox', { name: label, exact: true }).nth(nth).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The options of the select labelled `label`, closed again after reading them. */
async function optionsOf(page: Page, label: string): Promise<string[]> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option').first().waitFor();
  const options = await page.getByRole('option').allInnerTexts();
  await page.keyboard.press('Escape');
  await page.getByRole('option').first().waitFor({ state: 'detached' });
  return options.map((option) => option.trim());
}

async function openDashboard(page: Page) {
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
}

/** Runs the editor's preview and answers its state and, for a map, the map type it drew. */
async function preview(page: Page) {
  const selector = '[data-testid="tile-editor-preview"]';
  await page.getByRole('button', { name: 'Run preview' }).click();
  await page.waitForFunction(
    (preview) => {
      const state = document.querySelector<HTMLElement>(preview)?.dataset.tileState;
      const error = document.querySelector('[data-testid="tile-editor-preview-error"]');
      return error !== null || (state !== undefined && state !== 'rendering');
    },
    selector,
    { timeout: 30_000 }
  );
  return page.evaluate((preview) => {
    const root = document.querySelector<HTMLElement>(preview);
    return {
      state: root?.dataset.tileState,
      error: document.querySelector('[data-testid="tile-editor-preview-error"]')?.textContent ?? null,
      mapType: root?.querySelector<HTMLElement>('.dv-render')?.dataset.mapType ?? null,
    };
  }, selector);
}

/** Clicks the editor's save button and answers the status of the request it sends. */
async function saveTile(page: Page, button: 'Add the tile' | 'Save', method: 'POST' | 'PUT') {
  const sent = page.waitForResponse(
    (response) =>
      response.url().includes(`/dashboards/dashboards/${dashboardId}/tiles`) &&
      response.request().method() === method,
    { timeout: 30_000 }
  );
  await page.getByRole('button', { name: button, exact: true }).click();
  const response = await sent;
  const status = response.status();
  if (status < 300) await page.locator('[data-testid="tile-editor"]').waitFor({ state: 'detached' });
  return status < 300 ? status : [status, ((await response.json()) as any).error?.message];
}

/** The map type each drawn map tile of the grid shows, by title. */
async function drawnMapTypes(page: Page, count: number) {
  const tiles = await drawnTiles(page, { count, tile: GRID_TILE, allDrawn: true });
  const types = await page.$$eval(GRID_TILE, (elements) =>
    elements.map((element) => element.querySelector<HTMLElement>('.dv-render')?.dataset.mapType ?? null)
  );
  return Object.fromEntries(
    tiles.map((tile, index) => [
      tile.title,
      { state: tile.state, mapType: types[index], painted: tile.painted > 1000 },
    ])
  );
}

const storedTiles = async () => {
  const stored = await api('GET', `/dashboards/dashboards/${dashboardId}`);
  return Object.fromEntries(stored.body.tiles.map((tile: any) => [tile.title, tile]));
};

it('creates a map tile with one map type select, previews and draws it as its map type', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openDashboard(page);
  await page.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('Leads on markers');
  await choose(page, 'Tile type', 'Map');
  expect(await page.getByRole('combobox', { name: 'Map type', exact: true }).count()).toBe(1);
  expect(await optionsOf(page, 'Map type')).toEqual(['choropleth', 'markers', 'heatmap']);
  await choose(page, 'Map type', 'markers');
  await page.locator('[data-testid="tile-editor-tables"]').waitFor({ timeout: 30_000 });
  await page.getByRole('textbox', { name: 'SQL query' }).fill(COUNTRIES);
  expect(await preview(page)).toEqual({ state: 'drawn', error: null, mapType: 'markers' });
  await choose(page, 'Location column', 'country');
  await choose(page, 'Value column', 'leads');
  await screenshot(page, 'tile-builder-data-1-map-preview');
  expect(await saveTile(page, 'Add the tile', 'POST')).toBe(201);

  // the same tile as a heatmap, made through the API with the widget config's spelling
  const heat = await api('POST', `/dashboards/dashboards/${dashboardId}/tiles`, {
    title: 'Leads heat',
    tile_type: 'map',
    chart_config: { map_type: 'heatmap', locationField: 'country', valueField: 'leads' },
    query: COUNTRIES,
  });
  expect(heat.status).toBe(201);
  await page.reload();
  expect(await drawnMapTypes(page, 2)).toEqual({
    'Leads on markers': { state: 'drawn', mapType: 'markers', painted: true },
    'Leads heat': { state: 'drawn', mapType: 'heatmap', painted: true },
  });
  const stored = await storedTiles();
  expect(
    Object.values(stored).map((tile: any) => [tile.title, tile.tile_type, tile.chart_type, tile.chart_config])
  ).toEqual([
    ['Leads on markers', 'map', 'markers', { locationField: 'country', valueField: 'leads' }],
    ['Leads heat', 'map', 'heatmap', { locationField: 'country', valueField: 'leads' }],
  ]);
  await screenshot(page, 'tile-builder-data-2-maps');
  expect(errors).toEqual([]);
  await page.close();
});

it('saves an API-made map tile unchanged from the editor', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await openDashboard(page);
  const before = (await storedTiles())['Leads heat'];
  await page.getByRole('button', { name: 'Tile actions for Leads heat' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  expect(await page.getByRole('combobox', { name: 'Map type', exact: true }).count()).toBe(1);
  expect(await page.getByRole('combobox', { name: 'Map type', exact: true }).innerText()).toBe('heatmap');
  expect(await preview(page)).toEqual({ state: 'drawn', error: null, mapType: 'heatmap' });
  expect(await saveTile(page, 'Save', 'PUT')).toBe(200);
  const after = (await storedTiles())['Leads heat'];
  expect([after.chart_type, after.chart_config, after.source]).toEqual([
    before.chart_type,
    before.chart_config,
    before.source,
  ]);
  await page.close();
});

it('builds a content-type tile on createdAt: the timestamps offered, a date range and a monthly bucket by default', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openDashboard(page);
  await page.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('Leads per month');
  await choose(page, 'Chart type', 'line');
  await choose(page, 'Source', 'Content type (no SQL)');
  await choose(page, 'Content type', 'Lead');
  expect(await optionsOf(page, 'Date bucket')).toEqual(['None', ...LEAD_DATE_FIELDS]);
  await choose(page, 'Measure', 'max');
  expect((await optionsOf(page, 'Of the field')).filter((name) => LEAD_DATE_FIELDS.includes(name))).toEqual(
    LEAD_DATE_FIELDS
  );
  await choose(page, 'Measure', 'count');
  expect((await optionsOf(page, 'Group by')).filter((name) => LEAD_DATE_FIELDS.includes(name))).toEqual(
    LEAD_DATE_FIELDS
  );
  // no unit before a bucket field; then a month unless another is picked
  expect(await page.getByRole('combobox', { name: 'Per', exact: true }).count()).toBe(0);
  await choose(page, 'Date bucket', 'createdAt');
  expect(await page.getByRole('combobox', { name: 'Per', exact: true }).innerText()).toBe('month');

  for (const [index, operator, value] of [
    [0, '$gte', '2020-01-01'],
    [1, '$lte', '2100-01-01'],
  ] as const) {
    await page.getByRole('button', { name: 'Add a filter' }).click();
    await choose(page, 'Field', 'createdAt', index);
    await choose(page, 'Operator', operator, index);
    await page.getByRole('textbox', { name: 'Value' }).nth(index).fill(value);
  }
  const previewed = await preview(page);
  expect([previewed.state, previewed.error]).toEqual(['drawn', null]);
  await screenshot(page, 'tile-builder-data-3-content-range');
  expect(await saveTile(page, 'Add the tile', 'POST')).toBe(201);

  const tile = (await storedTiles())['Leads per month'];
  expect(tile.source).toEqual({
    kind: 'content-type',
    uid: 'api::lead.lead',
    measure: { fn: 'count' },
    date_bucket: { field: 'createdAt', unit: 'month' },
    filters: { createdAt: { $gte: '2020-01-01', $lte: '2100-01-01' } },
  });
  const data = await api('GET', `/dashboards/dashboards/${dashboardId}/tiles/${tile.id}/data`);
  const now = new Date();
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;
  expect([data.body.error, data.body.data.rows]).toEqual([null, [{ createdAt: month, count: 3 }]]);

  // opened again, the editor shows both rows of the range
  await page.getByRole('button', { name: 'Tile actions for Leads per month' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  const rows = await Promise.all(
    [0, 1].map(async (index) => [
      await page.getByRole('combobox', { name: 'Field', exact: true }).nth(index).innerText(),
      await page.getByRole('combobox', { name: 'Operator', exact: true }).nth(index).innerText(),
      await page.getByRole('textbox', { name: 'Value' }).nth(index).inputValue(),
    ])
  );
  expect(rows).toEqual([
    ['createdAt', '$gte', '2020-01-01'],
    ['createdAt', '$lte', '2100-01-01'],
  ]);
  expect(await page.getByRole('combobox', { name: 'Per', exact: true }).innerText()).toBe('month');
  expect(errors).toEqual([]);
  await page.close();
});
