/// <reference lib="dom" />
import fs from 'fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { COLUMNS, GAP, ROW_HEIGHT, dragBy, saveLayout, waitForCell } from './helpers/grid';

/**
 * The dashboard builder on the built playground (issue 17): the grid compacts vertically and saves
 * the compacted layout, the tile editor asks before unsaved work is thrown away.
 */

let playground: RunningPlayground;
let browser: Browser;
/** One admin session for every page (the admin login is rate limited). */
let context: BrowserContext;
let auth: Record<string, string>;

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.BUILDER_TEST_PORT ?? 1445));
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.close();
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
  await page.goto(`${playground.url}/admin/plugins/dashboards/${id}${search}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
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
  const page = await context.newPage();
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
  const page = await context.newPage();
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

/** Picks `option` in the design-system select labelled `label` inside `scope`. */
async function choose(scope: Page | ReturnType<Page['locator']>, label: string, option: string, page?: Page) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await (page ?? (scope as Page)).getByRole('option', { name: option, exact: true }).click();
}

const DAY = 24 * 60 * 60 * 1000;
const pad = (value: number) => String(value).padStart(2, '0');
/** The UTC calendar day `days` before today, as the filters bar counts date presets. */
const utcDay = (daysAgo: number) => {
  const date = new Date(Date.now() - daysAgo * DAY);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};

/** A day as the table tile writes it for an en-US reader ("Nov 6, 2026"). */
const shownDay = (daysAgo: number) => {
  const [year, month, day] = utcDay(daysAgo).split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
};

/** The KPI's shown value and the SQL tile's text, once both are drawn. */
async function shownFigures(page: Page, ids: { sql: string; kpi: string }) {
  const tiles = await drawnGridTiles(page, 2);
  return {
    leads: await page.locator(`[data-tile-id="${ids.kpi}"] .dv-metric-value`).innerText(),
    sql: tiles[ids.sql].text,
  };
}

describe('dashboard settings and filters', () => {
  let dashboardId: string;
  let sqlId: string;
  let kpiId: string;

  beforeAll(async () => {
    // leads qualified some days ago, for the date and value filters to count
    for (const [name, source, daysAgo] of [
      ['Ada', 'website', 10],
      ['Bob', 'website', 100],
      ['Cy', 'referral', 10],
      ['Di', 'website', 5],
    ] as const) {
      const lead = await api('POST', '/content-manager/collection-types/api::lead.lead', {
        name,
        source,
        qualified_at: new Date(Date.now() - daysAgo * DAY).toISOString(),
      });
      expect([lead.status, lead.status < 300 ? null : lead.body]).toEqual([201, null]);
    }
    const created = await api('POST', '/dashboards/dashboards', {
      name: 'Builder settings',
      layout: { columns: COLUMNS, rowHeight: ROW_HEIGHT, gap: GAP },
      tiles: [
        {
          title: 'Period days',
          tile_type: 'table',
          query: 'SELECT {{period_from}} AS "from_day", {{period_to}} AS "to_day"',
          grid_x: 0,
          grid_y: 0,
          grid_w: 6,
          grid_h: 3,
        },
        {
          title: 'Leads count',
          tile_type: 'kpi',
          source: { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' } },
          grid_x: 6,
          grid_y: 0,
          grid_w: 3,
          grid_h: 2,
        },
      ],
    });
    expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
    dashboardId = created.body.id;
    sqlId = created.body.tiles.find((tile: any) => tile.title === 'Period days').id;
    kpiId = created.body.tiles.find((tile: any) => tile.title === 'Leads count').id;
  });

  it('edits name, layout, theme, refresh and filters with their tiles, and applies the defaults at once', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1440, height: 1100 });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await openDashboard(page, dashboardId);
    // no filter yet: the SQL tile lacks its parameter
    expect(await shownFigures(page, { sql: sqlId, kpi: kpiId })).toEqual({
      leads: '4',
      sql: expect.stringContaining('The query needs the parameter {{period_from}}'),
    });

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.locator('[data-testid="dashboard-settings"]');
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Builder settings (renamed)');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Leads by period and source');
    await dialog.getByRole('textbox', { name: 'Columns' }).fill('24');
    await choose(dialog, 'Theme', 'Dark', page);
    await choose(dialog, 'Refresh automatically', 'Every 5 minutes', page);

    await dialog.getByRole('tab', { name: /^Filters/ }).click();
    const filter = (index: number) => dialog.locator('[data-testid="settings-filter"]').nth(index);
    // a date range with a preset default, on the leads' qualification date
    await dialog.getByRole('button', { name: 'Add a filter' }).click();
    await filter(0).getByRole('textbox', { name: 'Label' }).fill('Period');
    await expect(filter(0).getByRole('textbox', { name: 'Parameter name' }).inputValue()).resolves.toBe(
      'period'
    );
    await choose(filter(0), 'Default', 'Last 30 days', page);
    await choose(filter(0), 'Leads count', 'Field qualified_at', page);
    await expect(filter(0).locator('[data-binding-tile="Period days"]').innerText()).resolves.toBe(
      'Its SQL query uses {{period_from}}, {{period_to}}.'
    );
    // a value list with typed options and a default, on the leads' source
    await dialog.getByRole('button', { name: 'Add a filter' }).click();
    await filter(1).getByRole('textbox', { name: 'Label' }).fill('Source');
    await choose(filter(1), 'Type', 'Value list', page);
    await filter(1).getByRole('textbox', { name: 'Values' }).fill('website = Website\nreferral = Referral');
    await choose(filter(1), 'Default', 'Website', page);
    await choose(filter(1), 'Leads count', 'Field source', page);
    // a text filter, moved up before the value list
    await dialog.getByRole('button', { name: 'Add a filter' }).click();
    await filter(2).getByRole('textbox', { name: 'Label' }).fill('Search');
    await choose(filter(2), 'Type', 'Text', page);
    await filter(2).getByRole('button', { name: 'Move up' }).click();
    await expect(filter(1).getByRole('textbox', { name: 'Label' }).inputValue()).resolves.toBe('Search');
    await screenshot(page, 'builder-3-settings-filters');

    const saved = page.waitForResponse(
      (response) =>
        response.url().endsWith(`/dashboards/dashboards/${dashboardId}`) &&
        response.request().method() === 'PUT',
      { timeout: 30_000 }
    );
    await dialog.getByRole('button', { name: 'Save the settings' }).click();
    expect((await saved).status()).toBe(200);
    await dialog.waitFor({ state: 'detached' });

    const stored = (await api('GET', `/dashboards/dashboards/${dashboardId}`)).body;
    expect({
      name: stored.name,
      description: stored.description,
      columns: stored.layout.columns,
      settings: stored.settings,
      filters: stored.filters,
      leadsSource: stored.tiles.find((tile: any) => tile.id === kpiId).source,
    }).toEqual({
      name: 'Builder settings (renamed)',
      description: 'Leads by period and source',
      columns: 24,
      settings: { auto_refresh: true, refresh_interval_seconds: 300, theme: 'dark' },
      filters: [
        { id: 'period', type: 'date_range', label: 'Period', default: 'last30' },
        { id: 'search', type: 'text', label: 'Search' },
        {
          id: 'source',
          type: 'values',
          label: 'Source',
          options: [
            { value: 'website', label: 'Website' },
            { value: 'referral', label: 'Referral' },
          ],
          default: 'website',
        },
      ],
      leadsSource: {
        kind: 'content-type',
        uid: 'api::lead.lead',
        measure: { fn: 'count' },
        filters: { qualified_at: { $gte: '{{period_from}}', $lte: '{{period_to}}' }, source: '{{source}}' },
      },
    });

    // the defaults apply on this first view: the last 30 days, website leads (Ada and Di)
    // (the page loads the saved dashboard again)
    await page.locator('h1', { hasText: 'Builder settings (renamed)' }).waitFor();
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Builder settings (renamed)');
    await page.locator('[data-testid="filters-bar"]').waitFor();
    await page.waitForFunction(
      (id) => document.querySelector(`[data-tile-id="${id}"] .dv-metric-value`)?.textContent === '2',
      kpiId,
      { timeout: 30_000 }
    );
    const figures = await shownFigures(page, { sql: sqlId, kpi: kpiId });
    expect(figures.sql).toContain(shownDay(29));
    expect(figures.sql).toContain(shownDay(0));
    expect(figures.sql).not.toContain('needs the parameter');
    await screenshot(page, 'builder-3-defaults-applied');

    // the same on a fresh load (the server resolves nothing the page did not send)
    await page.reload();
    await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
    const reloaded = await shownFigures(page, { sql: sqlId, kpi: kpiId });
    expect(reloaded.leads).toBe('2');
    expect(reloaded.sql).toContain(shownDay(29));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the filter values in the query string: shareable and kept on reload', async () => {
    const page = await context.newPage();
    await openDashboard(page, dashboardId);
    expect((await shownFigures(page, { sql: sqlId, kpi: kpiId })).leads).toBe('2');

    await choose(page.locator('[data-filter-id="source"]'), 'Source', 'Referral', page);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('source') === 'referral');
    await page.waitForFunction(
      (id) => document.querySelector(`[data-tile-id="${id}"] .dv-metric-value`)?.textContent === '1',
      kpiId,
      { timeout: 30_000 }
    );
    await choose(page.locator('[data-filter-id="period"]'), 'Period', 'Last 7 days', page);
    await page.waitForFunction(
      (from) => new URL(location.href).searchParams.get('period_from') === from,
      utcDay(6)
    );
    expect(new URL(page.url()).searchParams.get('period_to')).toBe(utcDay(0));
    await page.waitForFunction(
      (id) => document.querySelector(`[data-tile-id="${id}"] .dv-metric-value`)?.textContent === '0',
      kpiId,
      { timeout: 30_000 }
    );

    await page.reload();
    await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
    const reloaded = await shownFigures(page, { sql: sqlId, kpi: kpiId });
    expect(reloaded.leads).toBe('0');
    expect(reloaded.sql).toContain(shownDay(6));
    await expect(
      page.locator('[data-filter-id="source"]').getByRole('combobox', { name: 'Source' }).innerText()
    ).resolves.toMatch(/^Referral\b/);
    await page.close();

    // a shared link: another page opens with the link's values (website leads of the last 400 days)
    const shared = await context.newPage();
    await openDashboard(
      shared,
      dashboardId,
      `?period_from=${utcDay(400)}&period_to=${utcDay(0)}&source=website`
    );
    const figures = await shownFigures(shared, { sql: sqlId, kpi: kpiId });
    expect(figures.leads).toBe('3');
    expect(figures.sql).toContain(shownDay(400));
    await screenshot(shared, 'builder-4-shared-link');
    await shared.close();
  });

  it('renames the dashboard by clicking its title', async () => {
    const page = await context.newPage();
    await openDashboard(page, dashboardId);
    await page.locator('[data-testid="dashboard-title"]').click();
    const input = page.locator('[data-testid="dashboard-title-input"]');
    await expect(input.inputValue()).resolves.toBe('Builder settings (renamed)');
    // Escape gives the name back
    await input.fill('Not this one');
    await input.press('Escape');
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Builder settings (renamed)');
    await page.locator('[data-testid="dashboard-title"]').click();
    const saved = page.waitForResponse(
      (response) =>
        response.url().endsWith(`/dashboards/dashboards/${dashboardId}`) &&
        response.request().method() === 'PUT'
    );
    await input.fill('Leads board');
    await input.press('Enter');
    expect((await saved).status()).toBe(200);
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Leads board');
    expect((await api('GET', `/dashboards/dashboards/${dashboardId}`)).body.name).toBe('Leads board');
    await page.reload();
    await page.locator('[data-testid="dashboard-title"]').waitFor({ timeout: 60_000 });
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Leads board');
    await page.close();
  });
  it('runs the tile editor preview with test values for the filters the tile uses', async () => {
    const page = await context.newPage();
    await openDashboard(page, dashboardId);
    await drawnGridTiles(page, 2);
    await page.getByRole('button', { name: 'Tile actions for Period days' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const values = page.locator('[data-testid="tile-editor-test-values"]');
    await values.waitFor();
    // only the period is named by this tile's SQL; its default fills the test values
    await expect(values.getByRole('textbox').count()).resolves.toBe(2);
    await expect(values.getByRole('textbox', { name: 'Period: from' }).inputValue()).resolves.toBe(
      utcDay(29)
    );
    await expect(values.getByRole('textbox', { name: 'Period: to' }).inputValue()).resolves.toBe(utcDay(0));
    await values.getByRole('textbox', { name: 'Period: from' }).fill('2025-01-02');
    await values.getByRole('textbox', { name: 'Period: to' }).fill('2025-01-31');
    const previewed = page.waitForResponse((response) => response.url().includes('/tiles/preview?'));
    await page.getByRole('button', { name: 'Run preview' }).click();
    const request = (await previewed).request();
    expect(new URL(request.url()).searchParams.get('params[period_from]')).toBe('2025-01-02');
    const preview = page.locator('[data-testid="tile-editor-preview"]');
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('[data-testid="tile-editor-preview"]')?.dataset.tileState ===
        'drawn'
    );
    // the table writes the dates in the reader's locale
    await expect(preview.innerText()).resolves.toContain('Jan 2, 2025\tJan 31, 2025');
    await screenshot(page, 'builder-6-preview-test-values');
    // test values are no unsaved work: Cancel closes without asking
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid="tile-editor"]').waitFor({ state: 'detached' });
    await page.close();
  });
});

it('exports the dashboard as JSON and duplicates it from its page', async () => {
  const { id } = await createDashboard('Builder export', {
    filters: [{ id: 'period', type: 'date_range', label: 'Period', default: 'last7' }],
  });
  const page = await context.newPage();
  await openDashboard(page, id);
  await drawnGridTiles(page, 2);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('builder-export.json');
  const exported = JSON.parse(fs.readFileSync((await file.path())!, 'utf8'));
  const fromApi = (await api('GET', `/dashboards/dashboards/${id}/export`)).body;
  expect({ ...exported, exported_at: null }).toEqual({ ...fromApi, exported_at: null });
  expect(exported.dashboard.tiles.map((tile: any) => tile.title).sort()).toEqual(['KPI', 'Sales by label']);

  await page.getByRole('button', { name: 'Duplicate', exact: true }).click();
  await page.waitForURL(
    (url) => !url.pathname.endsWith(`/${id}`) && /\/plugins\/dashboards\/[^/]+$/.test(url.pathname),
    {
      timeout: 30_000,
    }
  );
  const copyId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await expect(page.locator('h1').first().textContent()).resolves.toBe('Builder export (copy)');
  await drawnGridTiles(page, 2);
  await screenshot(page, 'builder-5-duplicated');
  const copy = (await api('GET', `/dashboards/dashboards/${copyId}`)).body;
  expect({ name: copy.name, filters: copy.filters, tiles: copy.tiles.length }).toEqual({
    name: 'Builder export (copy)',
    filters: [{ id: 'period', type: 'date_range', label: 'Period', default: 'last7' }],
    tiles: 2,
  });
  await page.close();
});
