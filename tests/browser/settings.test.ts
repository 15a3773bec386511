/// <reference lib="dom" />
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  adminAuthorization,
  callApi,
  drawnGridTiles,
  launchChromium,
  logIn,
  screenshot,
  startPlayground,
  type RunningPlayground,
} from './helpers/playground';

/**
 * The dashboard settings dialog on the built playground: it asks before unsaved changes are thrown
 * away, warns before a filter that tiles use is removed, loads a value list's options from a SQL
 * query, and the filters bar resolves date presets on the server's (UTC) days in any time zone.
 */
let playground: RunningPlayground;
let browser: Browser;
/** One admin session for every page (the admin login is rate limited). */
let context: BrowserContext;
let auth: Record<string, string>;
let dashboardId: string;

const api = (method: string, pathname: string, body?: object) =>
  callApi(playground, method, pathname, body, auth);

const FILTERS = [
  { id: 'period', type: 'date_range', label: 'Period', default: 'last30' },
  { id: 'source', type: 'values', label: 'Source', options: ['website', 'referral'] },
  { id: 'search', type: 'text', label: 'Search' },
];

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.SETTINGS_TEST_PORT ?? 1510));
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
  const page = await context.newPage();
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.close();

  for (const [name, source] of [
    ['Ada', 'website'],
    ['Bob', 'referral'],
    ['Cy', 'website'],
    ['Di', 'event'],
  ] as const) {
    const lead = await api('POST', '/content-manager/collection-types/api::lead.lead', { name, source });
    expect([lead.status, lead.status < 300 ? null : lead.body]).toEqual([201, null]);
  }
  const created = await api('POST', '/dashboards/dashboards', {
    name: 'Settings board',
    layout: { columns: 12, rowHeight: 80, gap: 16 },
    filters: FILTERS,
    tiles: [
      {
        title: 'Leads per week',
        tile_type: 'table',
        query: 'SELECT {{ period_from }} AS "from_day", {{period_to}} AS "to_day"',
        grid_x: 0,
        grid_y: 0,
        grid_w: 6,
        grid_h: 3,
      },
      {
        title: 'Pipeline by stage',
        tile_type: 'kpi',
        query: 'SELECT COUNT(*) AS "total" FROM leads WHERE created_at <= {{period_to}}',
        chart_config: { valueField: 'total' },
        grid_x: 6,
        grid_y: 0,
        grid_w: 3,
        grid_h: 2,
      },
      {
        title: 'Leads count',
        tile_type: 'kpi',
        source: {
          kind: 'content-type',
          uid: 'api::lead.lead',
          measure: { fn: 'count' },
          filters: { source: '{{source}}' },
        },
        grid_x: 9,
        grid_y: 0,
        grid_w: 3,
        grid_h: 2,
      },
    ],
  });
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  dashboardId = created.body.id;
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

async function openSettings(page: Page) {
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await drawnGridTiles(page, 3);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.locator('[data-testid="dashboard-settings"]');
  await dialog.waitFor();
  return dialog;
}

/** Picks `option` in the design-system select labelled `label` inside `scope`. */
async function choose(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const labelsOf = (dialog: Locator) =>
  dialog
    .locator('[data-testid="settings-filter"]')
    .evaluateAll((boxes) =>
      boxes.map((box) => box.querySelector<HTMLInputElement>('input[name^="filter_label_"]')?.value)
    );

it('asks before Escape, a click outside or Cancel throw away unsaved settings', async () => {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const confirm = page.locator('[data-testid="settings-discard"]');

  // nothing changed: Escape closes at once
  let dialog = await openSettings(page);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await confirm.count()).toBe(0);

  // a name typed: Escape asks, "Keep editing" keeps the work
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await dialog.waitFor();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Unsaved name');
  await page.keyboard.press('Escape');
  await confirm.waitFor();
  await expect(confirm.getByRole('heading').innerText()).resolves.toBe('Discard your changes?');
  await expect(confirm.innerText()).resolves.toContain(
    'The changes made to the dashboard’s settings have not been saved.'
  );
  await screenshot(page, 'settings-1-discard');
  await confirm.getByRole('button', { name: 'Keep editing' }).click();
  await confirm.waitFor({ state: 'detached' });
  await expect(dialog.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe('Unsaved name');

  // a click outside asks too; "Discard" closes the dialog and nothing is saved
  await page.mouse.click(5, 1000);
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Discard' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect((await api('GET', `/dashboards/dashboards/${dashboardId}`)).body.name).toBe('Settings board');

  // a filter removed is a change as well: Cancel asks
  dialog = await openSettings(page);
  await dialog.getByRole('tab', { name: /^Filters/ }).click();
  await dialog
    .locator('[data-testid="settings-filter"]')
    .nth(2)
    .getByRole('button', { name: 'Remove the filter' })
    .click();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Discard' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect((await api('GET', `/dashboards/dashboards/${dashboardId}`)).body.filters).toEqual(FILTERS);

  // unchanged, Cancel closes at once
  dialog = await openSettings(page);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await confirm.count()).toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});

it('names the tiles that use a filter before removing it', async () => {
  const page = await context.newPage();
  const dialog = await openSettings(page);
  await dialog.getByRole('tab', { name: /^Filters/ }).click();
  const filter = (label: string) =>
    dialog.locator('[data-testid="settings-filter"]').filter({
      has: page.locator(`input[name^="filter_label_"][value="${label}"]`),
    });
  const warning = page.locator('[data-testid="settings-filter-remove"]');

  // the date range: both SQL tiles name one of its parameters ({{period_from}}, {{period_to}})
  await filter('Period').getByRole('button', { name: 'Remove the filter' }).click();
  await warning.waitFor();
  await expect(warning.getByRole('heading').innerText()).resolves.toBe('Remove the filter “Period”?');
  await expect(warning.locator('[data-testid="settings-filter-remove-tiles"]').innerText()).resolves.toBe(
    'Used by: Leads per week, Pipeline by stage'
  );
  await screenshot(page, 'settings-2-remove-warning');
  await warning.getByRole('button', { name: 'Keep the filter' }).click();
  await warning.waitFor({ state: 'detached' });
  expect(await labelsOf(dialog)).toEqual(['Period', 'Source', 'Search']);

  // the value list is bound to the content-type tile's field
  await filter('Source').getByRole('button', { name: 'Remove the filter' }).click();
  await warning.waitFor();
  await expect(warning.locator('[data-testid="settings-filter-remove-tiles"]').innerText()).resolves.toBe(
    'Used by: Leads count'
  );
  await warning.getByRole('button', { name: 'Remove', exact: true }).click();
  await warning.waitFor({ state: 'detached' });
  expect(await labelsOf(dialog)).toEqual(['Period', 'Search']);

  // a filter no tile uses goes at once
  await filter('Search').getByRole('button', { name: 'Remove the filter' }).click();
  expect(await warning.count()).toBe(0);
  expect(await labelsOf(dialog)).toEqual(['Period']);

  // saved: the filter is gone and the tile's binding with it
  const saved = page.waitForResponse(
    (response) =>
      response.url().endsWith(`/dashboards/dashboards/${dashboardId}`) &&
      response.request().method() === 'PUT'
  );
  await dialog.getByRole('button', { name: 'Save the settings' }).click();
  expect((await saved).status()).toBe(200);
  await dialog.waitFor({ state: 'detached' });
  const stored = (await api('GET', `/dashboards/dashboards/${dashboardId}`)).body;
  expect({
    filters: stored.filters,
    leadsSource: stored.tiles.find((tile: any) => tile.title === 'Leads count').source,
  }).toEqual({
    filters: [FILTERS[0]],
    leadsSource: { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' }, filters: {} },
  });
  await page.close();
});

it('loads a value list’s options from a SQL query, and shows why a query is refused', async () => {
  const page = await context.newPage();
  const dialog = await openSettings(page);
  await dialog.getByRole('tab', { name: /^Filters/ }).click();
  await dialog.getByRole('button', { name: 'Add a filter' }).click();
  const filter = dialog.locator('[data-testid="settings-filter"]').last();
  await filter.getByRole('textbox', { name: 'Label' }).fill('Lead source');
  await choose(page, filter, 'Type', 'Value list');
  await choose(page, filter, 'Load the values from', 'A SQL query');
  const query = filter.getByRole('textbox', { name: 'SQL query' });
  const load = filter.getByRole('button', { name: 'Load the values' });
  const values = filter.getByRole('textbox', { name: 'Values' });
  const problem = filter.locator('[data-testid="settings-filter-options-error"]');

  // the first column's distinct non-empty values, in the query's order
  await query.fill(
    "SELECT source, name FROM leads UNION ALL SELECT '', 'blank' UNION ALL SELECT NULL, 'none' ORDER BY 1 DESC"
  );
  const previewed = page.waitForResponse((response) => response.url().includes('/tiles/preview'));
  await load.click();
  const request = (await previewed).request();
  expect(request.postDataJSON().source).toEqual({
    kind: 'sql',
    datasource_id: 'strapi',
    query:
      "SELECT source, name FROM leads UNION ALL SELECT '', 'blank' UNION ALL SELECT NULL, 'none' ORDER BY 1 DESC",
  });
  await page.waitForFunction(
    () =>
      document.querySelector<HTMLTextAreaElement>('textarea[name^="filter_options_"]')?.value ===
      'website\nreferral\nevent'
  );
  await expect(values.inputValue()).resolves.toBe('website\nreferral\nevent');
  expect(await problem.count()).toBe(0);
  await screenshot(page, 'settings-3-options-from-sql');

  // a query the SQL guard refuses: its reason, in plain words, and the values stay
  await query.fill('DELETE FROM leads');
  await load.click();
  await problem.waitFor();
  await expect(problem.innerText()).resolves.toBe('Only SELECT queries may run: found DELETE');
  await expect(values.inputValue()).resolves.toBe('website\nreferral\nevent');
  await screenshot(page, 'settings-3-options-refused');

  // a query without rows says so
  await query.fill('SELECT source FROM leads WHERE 1 = 0');
  await load.click();
  await expect(problem.innerText()).resolves.toBe('The first column holds no values.');
  // the content-type source is still offered, and loads through the same route
  await choose(page, filter, 'Load the values from', 'A content-type field');
  await choose(page, filter, 'Values of the content type', 'Lead');
  await choose(page, filter, 'Field', 'source');
  await load.click();
  await page.waitForFunction(
    () =>
      (document.querySelector<HTMLTextAreaElement>('textarea[name^="filter_options_"]')?.value ?? '')
        .split('\n')
        .sort()
        .join(',') === 'event,referral,website'
  );
  expect(await problem.count()).toBe(0);
  await page.close();
});

/** The days the server resolves for the filter's preset default: the SQL tile run with no values. */
async function serverDays() {
  const data = await api('GET', `/dashboards/dashboards/${dashboardId}/data`);
  expect(data.status).toBe(200);
  const tile = data.body.tiles.find((candidate: any) => candidate.title === 'Leads per week');
  const row = tile.data.rows[0];
  return { from: String(row.from_day), to: String(row.to_day) };
}

describe.each([
  // just before UTC midnight: Kiritimati (UTC+14) is already on the next day
  ['Pacific/Kiritimati', '23:30:00'],
  // just after UTC midnight: Los Angeles is still on the day before
  ['America/Los_Angeles', '00:30:00'],
])('a viewer in %s', (timezoneId, utcTime) => {
  it('sees the preset default as the server’s days, and sends those', async () => {
    const state = await context.storageState();
    const far = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      timezoneId,
      storageState: state,
    });
    const page = await far.newPage();
    // today's UTC date at a time when the viewer's wall calendar shows another day
    const today = new Date().toISOString().slice(0, 10);
    const instant = new Date(`${today}T${utcTime}Z`);
    await page.clock.setFixedTime(instant);
    const wallDay = await page.evaluate(() => new Date().getDate());
    expect(wallDay).not.toBe(instant.getUTCDate());

    const sent: Record<string, string | null>[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.searchParams.has('params[period_from]'))
        sent.push({
          from: url.searchParams.get('params[period_from]'),
          to: url.searchParams.get('params[period_to]'),
        });
    });
    await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
    await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
    await drawnGridTiles(page, 3);
    const server = await serverDays();
    expect(server.to).toBe(today);

    const bar = page.locator('[data-filter-id="period"]');
    await expect(bar.getByRole('combobox', { name: 'Period', exact: true }).innerText()).resolves.toMatch(
      /^Last 30 days\b/
    );
    const shown = await bar.evaluate((element) =>
      Array.from(element.querySelectorAll<HTMLInputElement>('input[name^="period_"]')).map((input) => [
        input.name,
        input.value,
      ])
    );
    const asShown = (day: string) => {
      const [year, month, date] = day.split('-').map(Number);
      // as the DatePicker writes a day for an en-US reader: 12/05/2026
      return new Date(Date.UTC(year, month - 1, date)).toLocaleDateString('en-US', {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        timeZone: 'UTC',
      });
    };
    expect(shown).toEqual([
      ['period_from', asShown(server.from)],
      ['period_to', asShown(server.to)],
    ]);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.at(-1)).toEqual(server);
    // the SQL tile shows what it ran with: the server's days
    const tiles = await drawnGridTiles(page, 3);
    const sqlTile = Object.values(tiles).find((tile) => tile.title === 'Leads per week')!;
    const written = (day: string) =>
      new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        timeZone: 'UTC',
      });
    expect(sqlTile.text).toContain(written(server.from));
    expect(sqlTile.text).toContain(written(server.to));
    await screenshot(page, `settings-4-presets-${timezoneId.replace('/', '-')}`);
    await far.close();
  });
});
