/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { presetRange } from '../../admin/src/components/filters/presets';
import { dataTileIds } from '../../admin/src/utils/tileData';
import {
  adminAuthorization,
  callApi,
  launchChromium,
  logIn,
  screenshot,
  startSeededPlayground,
  watchTileStreams,
  dashboardNamed,
  type RunningPlayground,
} from './helpers/playground';

/**
 * The seeded "CRM overview" in the built playground: the CRM is seeded into the playground's
 * database (`node dist/scripts/seed.js`), the dashboard's filters bar re-runs the 18 analytics tiles
 * with exactly the values chosen, and the Strapi homepage shows the recent-dashboards widget.
 */
const PORT = Number(process.env.OVERVIEW_TEST_PORT ?? 1443);
const ANALYTICS_TILES = 18;

let playground: RunningPlayground;
let browser: Browser;
let auth: Record<string, string>;
let overview: { id: string; filters: any[]; tiles: any[] };
/** The tiles whose data the page asks for (one of each set of identical tiles), sorted. */
let dataTiles: string[];

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

/** The tiles' data as the admin API answers it for these filter values. */
async function tileData(params: Record<string, string>) {
  const query = new URLSearchParams(
    Object.entries(params).map(([name, value]) => [`params[${name}]`, value])
  );
  const data = await api('GET', `/dashboards/dashboards/${overview.id}/data?${query}`);
  expect(data.status).toBe(200);
  return Object.fromEntries(data.body.tiles.map((tile: any) => [tile.title, tile]));
}

const tileIdOf = (title: string) => overview.tiles.find((tile) => tile.title === title).id as string;

beforeAll(async () => {
  playground = await startSeededPlayground(PORT);
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  overview = await dashboardNamed(playground, auth, 'CRM overview');
  dataTiles = [...new Set(dataTileIds(overview.tiles).values())].sort();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

/** The tile a tile's own data request asks for (GET /:id/tiles/:tileId/data), else null. */
const askedTile = (url: URL): string | null =>
  new RegExp(`/dashboards/dashboards/${overview.id}/tiles/([^/]+)/data$`).exec(url.pathname)?.[1] ?? null;
/** The tiles' shared stream of a view (GET /:id/data?format=ndjson&tiles=…). */
const isStream = (url: URL) =>
  url.pathname.endsWith(`/dashboards/dashboards/${overview.id}/data`) &&
  url.searchParams.get('format') === 'ndjson';
const paramsOf = (url: URL) =>
  Object.fromEntries([...url.searchParams].filter(([name]) => name !== 'format' && name !== 'tiles'));

const streamWatchers = new WeakMap<Page, Awaited<ReturnType<typeof watchTileStreams>>>();
/** The page's stream watcher (set up by `watchDataRequests` or the first `settled`). */
const watchStreams = (page: Page) => streamWatchers.get(page)!;

/** Records every tile-data request the page makes: the tiles it asks for and its `params[…]`. */
async function watchDataRequests(page: Page) {
  streamWatchers.set(page, await watchTileStreams(page));
  const seen: { tiles: string[]; params: Record<string, string> }[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const tile = askedTile(url);
    if (isStream(url)) seen.push({ tiles: url.searchParams.get('tiles')!.split(','), params: paramsOf(url) });
    else if (tile) seen.push({ tiles: [tile], params: paramsOf(url) });
  });
  return seen;
}

/** The `params[…]` of the last round of requests: one stream asking for every tile once, with those values. */
function lastRound(requests: { tiles: string[]; params: Record<string, string> }[]) {
  const last = requests[requests.length - 1];
  expect([...last.tiles].sort()).toEqual(dataTiles);
  return last.params;
}

/**
 * Does `action`, then waits until every tile is answered with exactly these params (by the cached
 * batch or by its own request), and for every tile to settle.
 */
async function settled(page: Page, params: Record<string, string>, action: () => Promise<unknown>) {
  const wanted = JSON.stringify(
    Object.fromEntries(Object.entries(params).map(([name, value]) => [`params[${name}]`, value]))
  );
  if (!streamWatchers.has(page)) streamWatchers.set(page, await watchTileStreams(page));
  const unanswered = new Set(dataTiles);
  const answered = new Promise<void>((resolve) => {
    const done = () => {
      if (unanswered.size > 0) return;
      page.off('response', onResponse);
      stopWatching();
      resolve();
    };
    const stopWatching = watchStreams(page)((url, tiles) => {
      if (!isStream(url) || JSON.stringify(paramsOf(url)) !== wanted) return;
      for (const tile of tiles) unanswered.delete(tile.id);
      done();
    });
    const onResponse = (response: { url: () => string }) => {
      const url = new URL(response.url());
      const tile = askedTile(url);
      if (!tile || JSON.stringify(paramsOf(url)) !== wanted) return;
      unanswered.delete(tile);
      done();
    };
    page.on('response', onResponse);
  });
  await action();
  await answered;
  await page.waitForFunction(
    (count) => {
      const cards = [
        ...document.querySelectorAll<HTMLElement>('[data-testid="dashboard-grid"] [data-tile-id]'),
      ];
      const bodies = cards.map((card) => card.querySelector<HTMLElement>('.dv-tile-body'));
      return (
        bodies.length === count &&
        cards.every((card) => card.getAttribute('aria-busy') !== 'true') &&
        bodies.every((body) => body?.dataset.tileState && body.dataset.tileState !== 'rendering')
      );
    },
    ANALYTICS_TILES,
    { timeout: 60_000 }
  );
}

const states = (page: Page) =>
  page.$$eval('[data-testid="dashboard-grid"] [data-tile-id]', (cards) =>
    Object.fromEntries(
      cards.map((card) => [
        (card as HTMLElement).dataset.tileId!,
        (card.querySelector('.dv-tile-body') as HTMLElement).dataset.tileState,
      ])
    )
  );

const metric = (page: Page, title: string) =>
  page.locator(`[data-tile-id="${tileIdOf(title)}"] .dv-metric-value`).innerText();

async function choose(page: Page, label: string, option: string) {
  // on the trigger's left part: its right part holds the clear and open buttons
  await page.getByRole('combobox', { name: label, exact: true }).click({ position: { x: 12, y: 12 } });
  await page.getByRole('option', { name: option, exact: true }).click();
}

it('seeds the CRM overview with scope, period and pipeline filters used by its 18 analytics tiles', () => {
  expect(overview.filters).toEqual([
    {
      id: 'scope',
      type: 'values',
      label: 'Scope',
      options: ['own', 'team', 'department', 'all'],
      default: 'all',
    },
    { id: 'period', type: 'date_range', label: 'Period' },
    { id: 'pipeline', type: 'values', label: 'Pipeline', options: expect.any(Array) },
  ]);
  expect(overview.filters[2].options).toHaveLength(3);
  expect(overview.tiles).toHaveLength(ANALYTICS_TILES);
  for (const tile of overview.tiles) {
    expect(tile.source.params).toMatchObject({ scope: '{{scope}}', pipelineId: '{{pipeline}}' });
  }
  const stats = overview.tiles.find((tile) => tile.source.endpoint === 'stats');
  expect(stats.source.params).toEqual({
    scope: '{{scope}}',
    pipelineId: '{{pipeline}}',
    from: '{{period_from}}',
    to: '{{period_to}}',
  });
});

it('draws the overview and re-runs its tiles with exactly the scope, period and pipeline chosen', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const requests = await watchDataRequests(page);
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  // no value chosen: the scope shows its default (all), the period none (the last 30 days)
  await settled(page, {}, () => page.goto(`${playground.url}/admin/plugins/dashboards/${overview.id}`));
  await page.locator('[data-testid="filters-bar"]').waitFor({ timeout: 60_000 });
  // one stream for every tile, with no value; `settled` saw every tile answered
  expect(requests).toHaveLength(1);
  expect(lastRound(requests)).toEqual({});
  await expect(page.getByRole('combobox', { name: 'Scope', exact: true }).innerText()).resolves.toContain(
    'all'
  );
  await expect(page.getByRole('combobox', { name: 'Period', exact: true }).innerText()).resolves.toContain(
    'Default'
  );
  const all = await tileData({});
  const allStats = await api('GET', '/dashboards/dashboards/analytics/stats?scope=all');
  expect(allStats.status).toBe(200);
  expect(allStats.body.openOpportunityValue).toBeGreaterThan(0);
  expect(all['Open pipeline value'].data.value).toBe(allStats.body.openOpportunityValue);
  await expect(metric(page, 'Open pipeline value')).resolves.toBe(all['Open pipeline value'].data.formatted);
  const drawn = await states(page);
  expect(Object.keys(drawn)).toHaveLength(ANALYTICS_TILES);
  expect(Object.values(drawn).filter((state) => state === 'error')).toEqual([]);
  expect(drawn[tileIdOf('Lead pipeline')]).toBe('drawn');
  await screenshot(page, 'overview-1-all');

  // scope own: this admin is no CRM user, so it owns no records
  await settled(page, { scope: 'own' }, () => choose(page, 'Scope', 'own'));
  expect(lastRound(requests)).toEqual({ 'params[scope]': 'own' });
  const own = await tileData({ scope: 'own' });
  expect(own['Open pipeline value'].data.value).toBe(0);
  expect(
    (await api('GET', '/dashboards/dashboards/analytics/stats?scope=own')).body.openOpportunityValue
  ).toBe(0);
  await expect(metric(page, 'Open pipeline value')).resolves.toBe(own['Open pipeline value'].data.formatted);
  expect(await metric(page, 'Open pipeline value')).not.toBe(all['Open pipeline value'].data.formatted);
  expect((await states(page))[tileIdOf('Lead sources')]).toBe('empty');
  await screenshot(page, 'overview-2-scope-own');

  // a reload keeps the value in the address: the first view's stream asks for it, and only it
  const beforeReload = requests.length;
  await settled(page, { scope: 'own' }, () => page.reload());
  expect(requests.slice(beforeReload)).toHaveLength(1);
  expect(lastRound(requests)).toEqual({ 'params[scope]': 'own' });
  await expect(metric(page, 'Open pipeline value')).resolves.toBe(own['Open pipeline value'].data.formatted);

  // back to all, then the period: the last 90 days, as the browser's calendar counts them
  await settled(page, { scope: 'all' }, () => choose(page, 'Scope', 'all'));
  const last90 = presetRange('last90', new Date());
  const period = { scope: 'all', period_from: last90.from, period_to: last90.to };
  await settled(page, period, () => choose(page, 'Period', 'Last 90 days'));
  expect(lastRound(requests)).toEqual({
    'params[scope]': 'all',
    'params[period_from]': last90.from,
    'params[period_to]': last90.to,
  });
  await expect(page.getByLabel('Period: from', { exact: true }).inputValue()).resolves.not.toBe('');
  const inPeriod = await tileData(period);
  const winLoss = await api(
    'GET',
    `/dashboards/dashboards/analytics/win-loss-analysis?scope=all&from=${last90.from}&to=${last90.to}`
  );
  expect(inPeriod['Win rate'].data.value).toBe(winLoss.body.winRate);
  await expect(metric(page, 'Win rate')).resolves.toBe(inPeriod['Win rate'].data.formatted);
  await screenshot(page, 'overview-3-period');

  // a pipeline (the second option: the seed's "Sales" opportunity pipeline)
  const { value: sales, label: salesName } = overview.filters[2].options[1];
  expect(salesName).toBe('Sales');
  await settled(page, { ...period, pipeline: sales }, () => choose(page, 'Pipeline', salesName));
  expect(lastRound(requests)).toEqual({
    'params[scope]': 'all',
    'params[period_from]': last90.from,
    'params[period_to]': last90.to,
    'params[pipeline]': sales,
  });
  const inSales = await tileData({ ...period, pipeline: sales });
  const salesStats = await api(
    'GET',
    `/dashboards/dashboards/analytics/stats?scope=all&from=${last90.from}&to=${last90.to}&pipelineId=${sales}`
  );
  expect(inSales['Open pipeline value'].data.value).toBe(salesStats.body.openOpportunityValue);
  await expect(metric(page, 'Open pipeline value')).resolves.toBe(
    inSales['Open pipeline value'].data.formatted
  );
  expect(Object.values(await states(page)).filter((state) => state === 'error')).toEqual([]);
  await screenshot(page, 'overview-4-pipeline');

  // back to the default period: its two parameters are left out again
  await settled(page, { scope: 'all', pipeline: sales }, () => choose(page, 'Period', 'Default'));
  expect(lastRound(requests)).toEqual({ 'params[scope]': 'all', 'params[pipeline]': sales });
  expect(errors).toEqual([]);
  await page.close();
});

/** Waits until the grid holds `count` tiles, none still rendering. */
async function gridSettled(page: Page, count: number) {
  await page.waitForFunction(
    (expected) => {
      const bodies = [
        ...document.querySelectorAll<HTMLElement>('[data-testid="dashboard-grid"] .dv-tile-body'),
      ];
      return (
        bodies.length === expected &&
        bodies.every((body) => body.dataset.tileState && body.dataset.tileState !== 'rendering')
      );
    },
    count,
    { timeout: 60_000 }
  );
}

/** The admin scrolls inside its layout: a viewport as tall as the grid shows every tile in the shot. */
async function tallScreenshot(page: Page, name: string, count: number) {
  const height = await page.$eval('[data-testid="dashboard-grid"]', (grid) => grid.scrollHeight + 600);
  await page.setViewportSize({ width: 1440, height });
  await gridSettled(page, count);
  await screenshot(page, name);
}

/** The grid's tile titles whose text is cut vertically (drawn shorter than they are). */
const clippedTitles = (page: Page) =>
  page.$$eval('[data-testid="dashboard-grid"] [data-tile-id] h2', (titles) =>
    titles
      .filter((title) => title.clientHeight === 0 || title.clientHeight < title.scrollHeight)
      .map((title) => title.textContent)
  );

/** The grid's table tiles wider than their tile (scrolling sideways): `title: table width > tile width`. */
const overflowingTables = (page: Page) =>
  page.$$eval('[data-testid="dashboard-grid"] [data-tile-id]', (cards) =>
    cards.flatMap((card) => {
      const scroller = card.querySelector<HTMLElement>('.dv-table-scroll');
      return scroller && scroller.scrollWidth > scroller.clientWidth
        ? [`${card.querySelector('h2')?.textContent}: ${scroller.scrollWidth} > ${scroller.clientWidth}`]
        : [];
    })
  );

/** The category labels a chart tile drew (every one of them, as drawn). */
const axisLabels = async (page: Page, title: string): Promise<string[]> =>
  JSON.parse(
    (await page.locator(`[data-tile-id="${tileIdOf(title)}"] .dv-chart`).getAttribute('data-axis-labels')) ??
      'null'
  );

/** The twelve months up to this one, as `locale` writes them. */
function lastTwelveMonths(locale: string): string[] {
  const now = new Date();
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, index) =>
    month.format(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + index, 1)))
  );
}

it('shows the seeded dashboards as a product: a year of revenue, named columns, whole titles, in French too', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await settled(page, {}, () => page.goto(`${playground.url}/admin/plugins/dashboards/${overview.id}`));

  const trend = 'Revenue trend (12 months)';
  expect(await axisLabels(page, trend)).toEqual(lastTwelveMonths('en-US'));
  await expect(
    page.locator(`[data-tile-id="${tileIdOf(trend)}"] .dv-chart`).getAttribute('data-axis-titles')
  ).resolves.toBe('x: Period');
  // every stage name, none skipped
  const stages = await axisLabels(page, 'Opportunity pipeline');
  const pipeline = (await tileData({}))['Opportunity pipeline'].data.labels as string[];
  expect(stages).toHaveLength(pipeline.length);
  const tableHeads = (title: string) =>
    page.locator(`[data-tile-id="${tileIdOf(title)}"] th`).allTextContents();
  await expect(tableHeads('Upcoming tasks')).resolves.toEqual(['Task', 'Due', 'Owner']);
  await expect(tableHeads('Recent activities')).resolves.toEqual(['Activity', 'About', 'By', 'When']);
  // every table fits its tile: no column cut, no sideways scrolling
  expect(await overflowingTables(page)).toEqual([]);
  const cells = await page.locator('[data-testid="dashboard-grid"] td').allInnerTexts();
  expect(cells.length).toBeGreaterThan(0);
  // Strapi document ids are 24 lowercase letters and digits
  expect(cells.filter((cell) => /^[a-z0-9]{24}$/.test(cell))).toEqual([]);
  expect(await clippedTitles(page)).toEqual([]);
  await tallScreenshot(page, 'overview-product-en', ANALYTICS_TILES);

  // the Sales dashboard's markdown keeps its bullets and its table, and says nothing of when it was computed
  const sales = await dashboardNamed(playground, auth, 'Sales dashboard');
  await page.goto(`${playground.url}/admin/plugins/dashboards/${sales.id}`);
  await gridSettled(page, sales.tiles.length);
  const textTile = page.locator(
    `[data-tile-id="${sales.tiles.find((tile: any) => tile.tile_type === 'text').id}"]`
  );
  await expect(
    textTile
      .locator('.dv-text li')
      .first()
      .evaluate((item) => getComputedStyle(item).listStyleType)
  ).resolves.toBe('disc');
  await expect(
    textTile
      .locator('.dv-text td')
      .first()
      .evaluate((cell) => getComputedStyle(cell).borderTopStyle)
  ).resolves.toBe('solid');
  expect(await textTile.locator('time').count()).toBe(0);
  const leadsTile = page.locator(
    `[data-tile-id="${sales.tiles.find((tile: any) => tile.title === 'Leads').id}"]`
  );
  expect(await leadsTile.locator('time').count()).toBe(1);
  expect(await clippedTitles(page)).toEqual([]);
  await tallScreenshot(page, 'sales-product-en', sales.tiles.length);

  // its Period filter re-counts the content-type tiles: the leads created in the last 30 days, as
  // Strapi's own list counts them
  expect(sales.filters).toEqual([{ id: 'period', type: 'date_range', label: 'Period' }]);
  const last30 = presetRange('last30', new Date());
  const dayAfter = new Date(Date.parse(`${last30.to}T00:00:00.000Z`) + 86_400_000).toISOString();
  const counted = await api(
    'GET',
    `/content-manager/collection-types/api::lead.lead?pageSize=1&filters[createdAt][$gte]=${last30.from}T00:00:00.000Z&filters[createdAt][$lt]=${dayAfter}`
  );
  const recentLeads: number = counted.body.pagination.total;
  expect(recentLeads).toBeGreaterThan(0);
  expect(recentLeads).toBeLessThan(300);
  await choose(page, 'Period', 'Last 30 days');
  await page.waitForFunction(
    ([id, text]) => document.querySelector(`[data-tile-id="${id}"] .dv-metric-value`)?.textContent === text,
    [sales.tiles.find((tile: any) => tile.title === 'Leads').id, recentLeads.toLocaleString('en-US')],
    { timeout: 30_000 }
  );
  await screenshot(page, 'sales-period-last30');

  // in French: the admin's locale writes the months, the amounts and the charts' words
  await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'fr'));
  await settled(page, {}, () => page.goto(`${playground.url}/admin/plugins/dashboards/${overview.id}`));
  expect(await axisLabels(page, trend)).toEqual(lastTwelveMonths('fr-FR'));
  const pipelineValue = (await metric(page, 'Open pipeline value')).replace(/[\u00a0\u202f]/g, ' ');
  expect(pipelineValue).toMatch(/^\d{1,3}( \d{3})* \$US$/);
  expect(await overflowingTables(page)).toEqual([]);
  expect(await clippedTitles(page)).toEqual([]);
  await tallScreenshot(page, 'overview-product-fr', ANALYTICS_TILES);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.evaluate(() => localStorage.removeItem('strapi-admin-language'));
  expect(errors).toEqual([]);
  await page.close();
});

it('shows the recent dashboards widget on the Strapi homepage, linking to the dashboard', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1700 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await logIn(page, playground);
  const widget = page.locator('[data-testid="dashboards-widget"]');
  await widget.waitFor({ timeout: 60_000 });
  await expect(page.getByText('Recent dashboards', { exact: true }).count()).resolves.toBe(1);
  const listed = await api('GET', '/dashboards/dashboards?sort=updated_at&order=desc&limit=5');
  const links = widget.getByRole('link');
  await expect(links.allInnerTexts()).resolves.toEqual(
    listed.body.data.map((dashboard: any) => dashboard.name)
  );
  await expect(
    links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')))
  ).resolves.toEqual(listed.body.data.map((dashboard: any) => `/admin/plugins/dashboards/${dashboard.id}`));
  await expect(widget.innerText()).resolves.toContain('18 tiles');

  // key figures: a Super Admin holds every analytics scope, so the widest (all) over the last 30 days
  const kpis = page.locator('[data-testid="crm-kpis-widget"]');
  await kpis.waitFor({ timeout: 60_000 });
  await expect(page.getByText('Key CRM figures', { exact: true }).count()).resolves.toBe(1);
  await expect(kpis.getAttribute('data-scope')).resolves.toBe('all');
  const stats = (await api('GET', '/dashboards/dashboards/analytics/stats?scope=all')).body;
  const shown = async (key: string) => kpis.locator(`[data-kpi="${key}"] [data-value]`).innerText();
  const whole = (value: number) => new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(value);
  await expect(shown('newLeadsThisPeriod')).resolves.toBe(whole(stats.newLeadsThisPeriod));
  await expect(shown('openOpportunityValue')).resolves.toBe(whole(stats.openOpportunityValue));
  await expect(shown('wonDealValue')).resolves.toBe(whole(stats.wonDealValue));
  await expect(shown('conversionRate')).resolves.toBe(
    new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(
      stats.conversionRate / 100
    )
  );
  expect(stats.newLeadsThisPeriod).toBeGreaterThan(0);
  // the same figure as the overview's tile with no filter chosen
  expect(stats.openOpportunityValue).toBe((await tileData({}))['Open pipeline value'].data.value);
  await widget.scrollIntoViewIfNeeded();
  await screenshot(page, 'overview-5-homepage-widget');

  await widget.getByRole('link', { name: 'CRM overview' }).click();
  await page.locator('[data-testid="filters-bar"]').waitFor({ timeout: 60_000 });
  expect(page.url()).toBe(`${playground.url}/admin/plugins/dashboards/${overview.id}`);
  expect(errors).toEqual([]);
  await page.close();
});
