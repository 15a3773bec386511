/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import {
  callApi,
  drawnGridTiles,
  screenshot,
  type RunningPlayground,
  adminSession,
  animationsDone,
} from './helpers/playground';
import { drawnTiles } from './helpers/tiles';
import { COLUMNS, GAP, ROW_HEIGHT } from './helpers/grid';

/**
 * Click to filter and drill to records in the admin (issue 19): a bar sets the dashboard filter its
 * tile is configured with, the KPI that uses it shows exactly the filtered figure, the chip clears
 * it; a content-type bar opens the Content Manager's list of its entries; a SQL row opens its rows.
 */
let playground: RunningPlayground;
let context: BrowserContext;
let auth: Record<string, string>;
let dashboardId: string;
const tiles: Record<string, string> = {};

const LABELS = `SELECT 'a' AS label, 3 AS value UNION ALL SELECT 'b', 5 UNION ALL SELECT 'b', 7`;

let session: Awaited<ReturnType<typeof adminSession>>;

beforeAll(async () => {
  session = await adminSession(Number(process.env.INTERACTIONS_TEST_PORT ?? 1451));
  ({ playground, context, auth } = session);

  for (const [name, source] of [
    ['Ann', 'website'],
    ['Ben', 'website'],
    ['Cid', 'referral'],
  ]) {
    const lead = await callApi(
      playground,
      'POST',
      '/content-manager/collection-types/api::lead.lead',
      { name, source },
      auth
    );
    expect([lead.status, lead.status === 201 ? null : lead.body]).toEqual([201, null]);
  }

  const created = await callApi(
    playground,
    'POST',
    '/dashboards/dashboards',
    {
      name: 'Interactions board',
      layout: { columns: COLUMNS, rowHeight: ROW_HEIGHT, gap: GAP },
      filters: [{ id: 'label', type: 'text', label: 'Label', default: '' }],
      tiles: [
        {
          title: 'Value by label',
          tile_type: 'chart',
          chart_type: 'bar',
          query: `SELECT label, SUM(value) AS value FROM (${LABELS}) t GROUP BY label ORDER BY label`,
          chart_config: {
            xField: 'label',
            yField: 'value',
            click_filter: { filter: 'label', field: 'label' },
          },
          grid_x: 0,
          grid_y: 0,
          grid_w: 6,
          grid_h: 4,
        },
        {
          title: 'Total',
          tile_type: 'kpi',
          query: `SELECT SUM(value) AS total FROM (${LABELS}) t WHERE {{label}} = '' OR label = {{label}}`,
          chart_config: { valueField: 'total' },
          grid_x: 6,
          grid_y: 0,
          grid_w: 3,
          grid_h: 2,
        },
        {
          title: 'Leads by source',
          tile_type: 'chart',
          chart_type: 'bar',
          source: {
            kind: 'content-type',
            uid: 'api::lead.lead',
            measure: { fn: 'count' },
            group_by: 'source',
            sort: 'desc',
          },
          grid_x: 0,
          grid_y: 4,
          grid_w: 6,
          grid_h: 4,
        },
        {
          title: 'Rows',
          tile_type: 'table',
          query: `SELECT label, value FROM (${LABELS}) t ORDER BY value`,
          grid_x: 6,
          grid_y: 4,
          grid_w: 6,
          grid_h: 4,
        },
      ],
    },
    auth
  );
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  dashboardId = created.body.id;
  for (const tile of created.body.tiles) tiles[tile.title] = tile.id;
});

afterAll(async () => {
  await session?.close();
});

async function openDashboard(page: Page) {
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await drawnGridTiles(page, 4);
}

const kpiText = (page: Page) => page.locator(`[data-tile-id="${tiles.Total}"] .dv-tile-body`).innerText();
/** Waits until the KPI that uses the click filter shows `figure`. */
const kpiShows = (page: Page, figure: string) =>
  page.waitForFunction(
    ({ id, expected }) =>
      document.querySelector(`[data-tile-id="${id}"] .dv-tile-body`)?.textContent?.includes(expected),
    { id: tiles.Total, expected: figure }
  );

/** Clicks the bar of category `index` of `count` in a bar tile's chart, 60 % of the way up (the tallest bar). */
async function clickBar(page: Page, tileId: string, index: number, count: number) {
  const canvas = (await page.locator(`[data-tile-id="${tileId}"] canvas`).boundingBox())!;
  // the value axis takes ~40 px on the left; each category gets an equal share of the rest
  const left = canvas.x + 40;
  const width = canvas.width - 50;
  await page.mouse.click(left + ((index + 0.5) * width) / count, canvas.y + canvas.height * 0.6);
}

it('sets the filter from the clicked bar, re-runs the KPI that uses it, and clears it with the chip', async () => {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openDashboard(page);
  expect(await kpiText(page)).toContain('15');

  // the KPI's data asked again with the clicked value (on its own, or in the tiles' stream)
  const rerun = page.waitForResponse(
    (response) => /\/data\?params%5Blabel%5D=b/.test(response.url()) && response.url().includes(tiles.Total)
  );
  await clickBar(page, tiles['Value by label'], 1, 2);
  expect((await rerun).status()).toBe(200);
  await page.locator('[data-testid="click-filter-chip"]', { hasText: 'Label: b' }).waitFor();
  await kpiShows(page, '12');
  expect(page.url()).toContain('label=b');
  await screenshot(page, 'interactions-1-click-filter');

  await page.getByRole('button', { name: 'Clear Label: b' }).click();
  await page.locator('[data-testid="click-filter-chip"]').waitFor({ state: 'detached' });
  await kpiShows(page, '15');
  expect(page.url()).not.toContain('label=b');
  expect(errors).toEqual([]);
  await page.close();
});

it('opens the SQL rows behind a clicked table row', async () => {
  const page = await context.newPage();
  await openDashboard(page);
  await page.locator(`[data-tile-id="${tiles.Rows}"] tbody tr`, { hasText: '7' }).click();
  const rows = page.locator('[data-testid="drill-rows"] tbody tr');
  await rows.first().waitFor();
  expect(
    await rows.evaluateAll((lines) => lines.map((line) => (line as HTMLElement).innerText.split(/\s+/)))
  ).toEqual([
    ['b', '5'],
    ['b', '7'],
  ]);
  await screenshot(page, 'interactions-2-drill-rows');
  await page.close();
});

it('opens the Content Manager list of the entries behind a content-type bar', async () => {
  const page = await context.newPage();
  await openDashboard(page);
  // sorted by count, website (2) comes first
  await clickBar(page, tiles['Leads by source'], 0, 2);
  await page.waitForURL(/\/admin\/content-manager\/collection-types\/api::lead\.lead\?/);
  expect(decodeURIComponent(page.url())).toContain('filters[$and][0][source][$eq]=website');
  const names = page.locator('table tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 2, undefined, {
    timeout: 30_000,
  });
  const text = (await names.allInnerTexts()).join(' ');
  expect(text).toContain('Ann');
  expect(text).toContain('Ben');
  expect(text).not.toContain('Cid');
  await screenshot(page, 'interactions-3-content-manager');
  await page.close();
});

it('subscribes to the dashboard and sets an alert from the Subscribe dialog', async () => {
  const page = await context.newPage();
  await openDashboard(page);
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  const digestForm = page.locator('[data-testid="digest-form"]');
  await digestForm.waitFor();
  await digestForm.getByLabel('E-mail recipients').fill('boss@crm.example, cfo@crm.example');
  await digestForm.getByLabel('Cron rule').fill('0 8 * * 1');
  await digestForm.getByRole('button', { name: 'Subscribe' }).click();
  await page
    .locator('[data-testid="digest-list"] tbody tr', { hasText: 'boss@crm.example, cfo@crm.example' })
    .waitFor();

  await page.getByRole('tab', { name: 'Alerts' }).click();
  const alertForm = page.locator('[data-testid="alert-form"]');
  await alertForm.waitFor();
  await alertForm.getByLabel('Tile').click();
  await page.getByRole('option', { name: 'Total' }).click();
  await alertForm.getByLabel('Threshold').fill('100');
  await alertForm.getByLabel('E-mail recipients').fill('alerts@crm.example');
  await alertForm.getByRole('button', { name: 'Add the alert' }).click();
  await page.locator('[data-testid="alert-list"] tbody tr', { hasText: 'Total above 100' }).waitFor();
  await animationsDone(page);
  await screenshot(page, 'interactions-4-subscriptions');

  const digests = await callApi(
    playground,
    'GET',
    `/dashboards/dashboards/${dashboardId}/subscriptions`,
    undefined,
    auth
  );
  expect(digests.body.data).toMatchObject([
    { kind: 'digest', cron: '0 8 * * 1', email_to: ['boss@crm.example', 'cfo@crm.example'], slack: false },
  ]);
  const alerts = await callApi(
    playground,
    'GET',
    `/dashboards/dashboards/${dashboardId}/alerts`,
    undefined,
    auth
  );
  expect(alerts.body.data).toMatchObject([
    {
      kind: 'alert',
      tile_id: tiles.Total,
      operator: 'above',
      threshold: 100,
      email_to: ['alerts@crm.example'],
    },
  ]);
  await page.close();
});

it('sets a click filter on the public viewer, shows a chip that clears it, and keeps a read-only embed read-only', async () => {
  const shared = await callApi(playground, 'POST', `/dashboards/dashboards/${dashboardId}/share`, {}, auth);
  expect(shared.status).toBe(200);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const allDrawn = () => drawnTiles(page, { count: 4, allDrawn: true, timeout: 30_000 });
  await page.goto(shared.body.share_url);
  await allDrawn();
  expect(await kpiText(page)).toContain('15');
  const pickable = page.locator(`[data-tile-id="${tiles['Value by label']}"] [data-pickable]`);
  expect(await pickable.count()).toBe(1);

  const clicked = page.waitForResponse((response) => response.url().includes('/data?params%5Blabel%5D=b'));
  await clickBar(page, tiles['Value by label'], 1, 2);
  expect((await clicked).status()).toBe(200);
  await page.locator('.dv-chip', { hasText: 'Label: b' }).waitFor();
  await kpiShows(page, '12');
  await allDrawn();
  await animationsDone(page);
  await screenshot(page, 'interactions-5-viewer-click-filter');

  await page.getByRole('button', { name: 'Clear Label: b' }).click();
  await page.locator('.dv-chip').waitFor({ state: 'detached' });
  await kpiShows(page, '15');

  // an embed made with hide_filters: its bars pick nothing and its structure offers no click filter
  const embed = await callApi(
    playground,
    'GET',
    `/dashboards/dashboards/${dashboardId}/embed?hide_filters=true`,
    undefined,
    auth
  );
  expect(embed.status).toBe(200);
  const structure = page.waitForResponse((response) =>
    /\/api\/dashboards\/embed\/[a-z0-9]+\?/.test(response.url())
  );
  await page.goto(embed.body.embed_url);
  expect((await (await structure).json()).click_filters).toEqual([]);
  await allDrawn();
  expect(await pickable.count()).toBe(0);
  expect(await page.locator('.dv-chip').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});
