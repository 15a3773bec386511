/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import {
  adminAuthorization,
  callApi,
  createDashboardReader,
  drawnGridTiles,
  launchChromium,
  logIn,
  openDashboardsList,
  screenshot,
  startPlayground,
  type RunningPlayground,
} from './helpers/playground';
import { paintedPixels } from './helpers/tiles';

/**
 * The tile editor and the tile menu on the built playground: an admin creates a dashboard, adds a
 * SQL tile, a content-type tile and a CRM analytics tile through the editor (the SQL and analytics
 * ones previewed before saving), and sees their charts drawn; the tile menu shows a tile's SQL,
 * duplicates and deletes it; an admin without the update action sees no edit controls.
 */
const DASHBOARD_NAME = 'Tile editor dashboard';
const SQL = `SELECT 'a' AS "label", 3 AS "value" UNION ALL SELECT 'b', 5 UNION ALL SELECT 'c', 2`;

let playground: RunningPlayground;
let browser: Browser;
let auth: Record<string, string>;
let dashboardId: string;

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.TILE_EDITOR_TEST_PORT ?? 1441), {
    // a datasource whose account is PostgreSQL's superuser: the probe turns SQL off on it
    DASHBOARDS_CONFIG: JSON.stringify({
      datasources: {
        warehouse: {
          client: 'postgres',
          connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' },
          allowedTables: ['leads'],
          label: 'Warehouse',
        },
      },
    }),
  });
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  // leads for the content-type and analytics tiles to count
  for (const [name, source] of [
    ['Ada', 'website'],
    ['Bob', 'website'],
    ['Cy', 'referral'],
    ['Di', 'event'],
  ]) {
    const lead = await api('POST', '/content-manager/collection-types/api::lead.lead', { name, source });
    expect([lead.status, lead.status < 300 ? null : lead.body]).toEqual([201, null]);
  }
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

/** Picks `option` in the design-system select labelled `label`. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function waitForPreview(page: Page) {
  const preview = '[data-testid="tile-editor-preview"]';
  await page.waitForFunction(
    (selector) => {
      const state = document.querySelector<HTMLElement>(selector)?.dataset.tileState;
      return state !== undefined && state !== 'rendering';
    },
    preview,
    { timeout: 30_000 }
  );
  return page.$eval(preview, (element) => (element as HTMLElement).dataset.tileState);
}

async function saveTile(page: Page, title: string) {
  const created = page.waitForResponse(
    (response) =>
      response.url().endsWith(`/dashboards/dashboards/${dashboardId}/tiles`) &&
      response.request().method() === 'POST',
    { timeout: 30_000 }
  );
  await page.getByRole('button', { name: 'Add the tile' }).click();
  expect((await created).status()).toBe(201);
  await page.locator('[data-testid="tile-editor"]').waitFor({ state: 'detached' });
  await page.locator('[data-testid="dashboard-grid"] h2', { hasText: title }).waitFor({ timeout: 30_000 });
}

/** The grid's tiles once drawn, by title (the titles of these tests are unique). */
const drawnTiles = async (page: Page, count: number) =>
  Object.fromEntries(Object.values(await drawnGridTiles(page, count)).map((tile) => [tile.title, tile]));

it('creates a dashboard and adds a SQL, a content-type and an analytics tile through the editor', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openDashboardsList(page, playground);
  await page.getByRole('button', { name: 'Create dashboard' }).first().click();
  await page.locator('[data-testid="create-dashboard-form"] input[name="name"]').fill(DASHBOARD_NAME);
  await page.locator('[data-testid="create-dashboard-form"] button[type="submit"]').click();
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  dashboardId = decodeURIComponent(page.url().split('/').pop()!);
  await screenshot(page, 'tile-editor-1-new-dashboard');

  // 1. a SQL tile: a bar chart, previewed before it is saved
  await page.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('SQL sales');
  await page.locator('[data-testid="tile-editor-tables"]').waitFor({ timeout: 30_000 });
  await page.getByRole('textbox', { name: 'SQL query' }).fill(SQL);
  await page.getByRole('button', { name: 'Run preview' }).click();
  expect(await waitForPreview(page)).toBe('drawn');
  expect(await paintedPixels(page, '[data-testid="tile-editor-preview"]')).toBeGreaterThan(1000);
  // the column fields now offer the preview's columns
  await choose(page, 'X axis column', 'label');
  await choose(page, 'Y axis column', 'value');
  await screenshot(page, 'tile-editor-2-sql-preview');
  await saveTile(page, 'SQL sales');

  // 2. a content-type tile: leads counted by source, as a pie, without SQL
  await page.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('Leads by source');
  await choose(page, 'Chart type', 'pie');
  await choose(page, 'Source', 'Content type (no SQL)');
  await choose(page, 'Content type', 'Lead');
  await choose(page, 'Group by', 'source');
  await screenshot(page, 'tile-editor-3-content-type');
  await saveTile(page, 'Leads by source');

  // 3. a CRM analytics tile: lead-sources as a bar chart, previewed
  await page.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('Lead sources');
  await choose(page, 'Source', 'CRM analytics');
  await choose(page, 'Analytics endpoint', 'lead-sources');
  await page.getByRole('button', { name: 'Run preview' }).click();
  expect(await waitForPreview(page)).toBe('drawn');
  expect(await paintedPixels(page, '[data-testid="tile-editor-preview"]')).toBeGreaterThan(1000);
  await screenshot(page, 'tile-editor-4-analytics-preview');
  await saveTile(page, 'Lead sources');

  const tiles = await drawnTiles(page, 3);
  expect(Object.keys(tiles).sort()).toEqual(['Lead sources', 'Leads by source', 'SQL sales']);
  for (const title of Object.keys(tiles)) {
    expect([title, tiles[title].state]).toEqual([title, 'drawn']);
    expect(tiles[title].painted).toBeGreaterThan(1000);
  }
  const stored = await api('GET', `/dashboards/dashboards/${dashboardId}`);
  const byTitle = Object.fromEntries(stored.body.tiles.map((tile: any) => [tile.title, tile]));
  expect(byTitle['SQL sales'].source).toMatchObject({ kind: 'sql', query: SQL });
  expect(byTitle['SQL sales'].chart_config).toEqual({ xField: 'label', yField: 'value' });
  expect(byTitle['Leads by source']).toMatchObject({
    chart_type: 'pie',
    source: { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' }, group_by: 'source' },
  });
  expect(byTitle['Lead sources'].source).toEqual({ kind: 'analytics', endpoint: 'lead-sources' });
  await screenshot(page, 'tile-editor-5-three-tiles');
  expect(errors).toEqual([]);
  await page.close();
});

it('shows a tile’s SQL, duplicates it beside it and deletes the copy from the tile menu', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await drawnTiles(page, 3);
  const before = await api('GET', `/dashboards/dashboards/${dashboardId}`);
  const original = before.body.tiles.find((tile: any) => tile.title === 'SQL sales');
  const menu = () =>
    page
      .locator(`[data-tile-id="${original.id}"]`)
      .getByRole('button', { name: 'Tile actions for SQL sales' });

  await menu().click();
  await page.getByRole('menuitem', { name: 'View SQL' }).click();
  await expect(page.locator('[data-testid="tile-sql"]').innerText()).resolves.toBe(SQL);
  await screenshot(page, 'tile-editor-6-view-sql');
  await page.getByRole('button', { name: 'Close' }).first().click();

  await menu().click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await page.locator('[data-testid="dashboard-grid"] h2', { hasText: 'SQL sales (copy)' }).waitFor();
  await drawnTiles(page, 4);
  const after = await api('GET', `/dashboards/dashboards/${dashboardId}`);
  const copy = after.body.tiles.find((tile: any) => tile.title === 'SQL sales (copy)');
  expect(copy.source).toEqual(original.source);
  expect(copy.chart_config).toEqual(original.chart_config);
  // beside the original: every tile is 6 wide here, so right of it or right below it
  expect([copy.grid_w, copy.grid_h]).toEqual([original.grid_w, original.grid_h]);
  await screenshot(page, 'tile-editor-7-duplicated');

  await page
    .locator(`[data-tile-id="${copy.id}"]`)
    .getByRole('button', { name: /^Tile actions/ })
    .click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await page.locator(`[data-tile-id="${copy.id}"]`).waitFor({ state: 'detached' });
  const last = await api('GET', `/dashboards/dashboards/${dashboardId}`);
  expect(last.body.tiles.map((tile: any) => tile.title).sort()).toEqual([
    'Lead sources',
    'Leads by source',
    'SQL sales',
  ]);
  await page.close();
});

it('shows no edit controls to an admin without the update action', async () => {
  const { email, password } = await createDashboardReader(playground, auth);

  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await logIn(page, playground, { email, password });
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="dashboard-grid"] [data-tile-id]').first().waitFor({ timeout: 60_000 });
  expect(await page.getByRole('button', { name: 'Add tile' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Tile actions for SQL sales' }).click();
  await page.getByRole('menuitem', { name: 'Export CSV' }).waitFor();
  expect(await page.getByRole('menuitem', { name: 'View SQL' }).count()).toBe(1);
  for (const name of ['Edit', 'Duplicate', 'Delete']) {
    expect([name, await page.getByRole('menuitem', { name }).count()]).toEqual([name, 0]);
  }
  await screenshot(page, 'tile-editor-8-reader-menu');
  // the CSV file is named after the tile and the day
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toBe(`SQL sales ${new Date().toISOString().slice(0, 10)}.csv`);
  await context.close();
});

it('says in the editor that SQL is off on a datasource whose reader can do too much, and how to fix it', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  // the Strapi database's reader is fine: the editor says who SQL runs as
  await page.locator('[data-testid="tile-editor-tables"]').waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-testid="tile-editor-sql-off"]').count()).toBe(0);
  await choose(page, 'Datasource', 'Warehouse — SQL off');
  await page.locator('[data-testid="tile-editor-sql-off"]').waitFor();
  const alert = await page.locator('[data-testid="tile-editor-sql-off"]').innerText();
  expect(alert).toContain('SQL is off on this datasource');
  expect(alert).toContain('The reader postgres has the role attributes SUPERUSER');
  // the superuser's other attributes go with it, in one statement
  expect(await page.locator('[data-testid="tile-editor-sql-fix"]').first().innerText()).toMatch(
    /^ALTER ROLE "postgres" NOSUPERUSER( NO[A-Z]+)*;$/
  );
  expect(await page.getByRole('button', { name: 'Run preview' }).isDisabled()).toBe(true);
  await screenshot(page, 'tile-editor-9-sql-off');
  const listed = await api('GET', '/dashboards/dashboards/datasources');
  expect(listed.body.data.map((datasource: any) => [datasource.id, datasource.sql.enabled])).toEqual([
    ['strapi', true],
    ['warehouse', false],
  ]);
  await page.close();
});
