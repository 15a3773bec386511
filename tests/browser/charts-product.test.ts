/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { toChart, toMetric, toTable } from '../../contracts/tile-shape';
import { launchChromium } from './helpers/playground';
import { drawnTiles } from './helpers/tiles';
import { startViewerServer, VIEWER_DIST, type ViewerServer } from './helpers/viewer-server';

/**
 * Issue 17, "reads like a product": every chart type drawn by the public viewer (dist/viewer) in
 * English, French and the dark theme, with what a reader must see asserted exactly: titles never
 * clipped, every category label shown, dates, numbers and currencies in the reader's locale, the
 * renderers' words translated. Screenshots land in test-output/browser/charts-product-*.png.
 */
const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-output', 'browser');

type Row = Record<string, unknown>;
interface FixtureTile {
  id: string;
  title: string;
  tile_type: string;
  chart_type: string | null;
  chart_config: Record<string, unknown>;
  grid: [number, number, number, number];
  rows?: Row[];
}

const MONTHS = Array.from({ length: 12 }, (_, index) => `2025-${String(index + 1).padStart(2, '0')}`);
const LONG_NAMES = [
  'Northeast enterprise accounts',
  'Southeast enterprise accounts',
  'Midwest mid-market accounts',
  'Mountain region small business',
  'Pacific northwest partners',
  'California strategic accounts',
  'Texas and Oklahoma territory',
  'Florida and Caribbean channel',
  'Canada national accounts',
  'Mexico and Central America',
  'United Kingdom and Ireland',
  'Germany, Austria, Switzerland',
];
const DEALS = Array.from({ length: 30 }, (_, index) => ({
  deal: `Deal ${index + 1}`,
  owner: ['Alice Martin', 'Bob Chen', 'Dana Ruiz'][index % 3],
  amount: 200000 - index * 5250,
  expected_close_date: `2026-${String((index % 12) + 1).padStart(2, '0')}-15`,
}));

const tiles: FixtureTile[] = [
  {
    id: 'kpi-eur',
    title: 'Won revenue (EUR)',
    tile_type: 'kpi',
    chart_type: null,
    chart_config: { valueField: 'won', format: 'currency', currency: 'EUR', compareValue: 5000000 },
    grid: [0, 0, 3, 2],
    rows: [{ won: 6095500 }],
  },
  {
    id: 'kpi-usd',
    title: 'Open pipeline value',
    tile_type: 'kpi',
    chart_type: null,
    chart_config: { valueField: 'value', prefix: '$' },
    grid: [3, 0, 3, 2],
    rows: [{ value: 6095500 }],
  },
  {
    id: 'kpi-count',
    title: 'New leads',
    tile_type: 'kpi',
    chart_type: null,
    chart_config: { valueField: 'count' },
    grid: [6, 0, 3, 2],
    rows: [{ count: 5000 }],
  },
  {
    id: 'gauge',
    title: 'SLA compliance',
    tile_type: 'chart',
    chart_type: 'gauge',
    chart_config: { valueField: 'complianceRate', min: 0, max: 100, number_format: 'percentage' },
    grid: [9, 0, 3, 2],
    rows: [{ complianceRate: 72.5 }],
  },
  {
    id: 'line-months',
    title: 'Revenue trend',
    tile_type: 'chart',
    chart_type: 'line',
    chart_config: { xField: 'period', yField: 'wonAmount', smooth: true, number_format: 'currency' },
    grid: [0, 2, 6, 4],
    rows: MONTHS.map((period, index) => ({ period, wonAmount: 300000 + index * 21000 })),
  },
  {
    id: 'bar-long',
    title: 'Revenue by territory',
    tile_type: 'chart',
    chart_type: 'bar',
    chart_config: { xField: 'territory', yField: 'revenue' },
    grid: [6, 2, 6, 4],
    rows: LONG_NAMES.map((territory, index) => ({ territory, revenue: 120000 + index * 9000 })),
  },
  {
    id: 'bar-weeks',
    title: 'Calls per week',
    tile_type: 'chart',
    chart_type: 'bar',
    chart_config: { xField: 'week', yField: 'calls', xTitle: 'Week of the year', yTitle: '' },
    grid: [0, 6, 4, 4],
    rows: ['2026-W03', '2026-W04', '2026-W05', '2026-W06'].map((week, index) => ({
      week,
      calls: 40 + index * 7,
    })),
  },
  {
    id: 'area-quarters',
    title: 'Leads per quarter',
    tile_type: 'chart',
    chart_type: 'area',
    chart_config: { xField: 'quarter', showLegend: true },
    grid: [4, 6, 4, 4],
    rows: ['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1'].map((quarter, index) => ({
      quarter,
      newLeads: 300 + index * 40,
      qualifiedLeads: 120 + index * 25,
    })),
  },
  {
    id: 'radar',
    title: 'Rep skills',
    tile_type: 'chart',
    chart_type: 'radar',
    chart_config: { xField: 'skill', showLegend: true },
    grid: [8, 6, 4, 4],
    rows: ['Prospecting', 'Discovery', 'Demo', 'Negotiation', 'Closing', 'Follow-up'].map((skill, index) => ({
      skill,
      aliceMartin: 60 + ((index * 13) % 40),
      bobChen: 50 + ((index * 17) % 45),
    })),
  },
  {
    id: 'pie',
    title: 'Lead sources',
    tile_type: 'chart',
    chart_type: 'pie',
    chart_config: { nameField: 'source', valueField: 'leads', showLegend: true },
    grid: [0, 10, 3, 4],
    rows: [
      { source: 'Website', leads: 1200 },
      { source: 'Referral', leads: 600 },
      { source: 'LinkedIn', leads: 420 },
      { source: 'Event', leads: 180 },
    ],
  },
  {
    id: 'pie-zero',
    title: 'Lost deals by reason',
    tile_type: 'chart',
    chart_type: 'pie',
    chart_config: { nameField: 'reason', valueField: 'deals' },
    grid: [3, 10, 3, 4],
    rows: [
      { reason: 'Price', deals: 0 },
      { reason: 'Timing', deals: 0 },
    ],
  },
  {
    id: 'donut',
    title: 'Open pipeline by stage',
    tile_type: 'chart',
    chart_type: 'donut',
    chart_config: { nameField: 'stage', valueField: 'amount', number_format: 'currency', showLegend: true },
    grid: [6, 10, 3, 4],
    rows: [
      { stage: 'Prospecting', amount: 410000 },
      { stage: 'Qualification', amount: 560000 },
      { stage: 'Proposal', amount: 380000 },
      { stage: 'Negotiation', amount: 220000 },
    ],
  },
  {
    id: 'funnel',
    title: 'Conversion funnel',
    tile_type: 'chart',
    chart_type: 'funnel',
    chart_config: { nameField: 'stage', valueField: 'count' },
    grid: [9, 10, 3, 4],
    rows: [
      { stage: 'Leads', count: 5000 },
      { stage: 'Qualified', count: 2100 },
      { stage: 'Proposal', count: 900 },
      { stage: 'Won', count: 310 },
    ],
  },
  {
    id: 'scatter',
    title: 'Deal size vs days to close',
    tile_type: 'chart',
    chart_type: 'scatter',
    chart_config: { xField: 'daysToClose', yField: 'amount', y_axis_format: 'currency' },
    grid: [0, 14, 4, 4],
    rows: Array.from({ length: 24 }, (_, index) => ({
      daysToClose: 5 + index * 4,
      amount: 8000 + index * 1900 + (index % 5) * 2500,
    })),
  },
  {
    id: 'heatmap',
    title: 'Calls by weekday and hour',
    tile_type: 'chart',
    chart_type: 'heatmap',
    chart_config: { xField: 'weekday', yField: 'hour', valueField: 'calls', color_scheme: 'purples' },
    grid: [4, 14, 4, 4],
    rows: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'].flatMap((weekday, x) =>
      ['09:00', '11:00', '14:00', '16:00'].map((hour, y) => ({
        weekday,
        hour,
        calls: 12 + ((x * 7 + y * 11) % 60),
      }))
    ),
  },
  {
    id: 'treemap',
    title: 'Revenue by product',
    tile_type: 'chart',
    chart_type: 'treemap',
    // names and categories written as codes, as a CRM stores them
    chart_config: {
      nameField: 'product',
      valueField: 'wonRevenue',
      categoryField: 'productFamily',
      number_format: 'currency',
    },
    grid: [8, 14, 4, 4],
    rows: [
      { product: 'CRM Pro', productFamily: 'software', wonRevenue: 420000 },
      { product: 'CRM Starter', productFamily: 'software', wonRevenue: 185000 },
      { product: 'premium_support', productFamily: 'support', wonRevenue: 118000 },
      { product: 'onboarding', productFamily: 'professional_services', wonRevenue: 96000 },
    ],
  },
  {
    id: 'sankey',
    title: 'Lead flow',
    tile_type: 'chart',
    chart_type: 'sankey',
    chart_config: { sourceField: 'from', targetField: 'to', valueField: 'leadCount' },
    grid: [0, 18, 6, 4],
    rows: [
      { from: 'website', to: 'qualified', leadCount: 520 },
      { from: 'cold_call', to: 'qualified', leadCount: 260 },
      { from: 'website', to: 'disqualified', leadCount: 300 },
      { from: 'qualified', to: 'closed_won', leadCount: 310 },
      { from: 'qualified', to: 'closed_lost', leadCount: 470 },
    ],
  },
  {
    id: 'chord',
    title: 'Deal hand-offs',
    tile_type: 'chart',
    chart_type: 'chord',
    chart_config: { sourceField: 'from', targetField: 'to', valueField: 'deals' },
    grid: [6, 18, 6, 4],
    rows: [
      { from: 'inbound_sales', to: 'Enterprise', deals: 40 },
      { from: 'inbound_sales', to: 'mid_market', deals: 65 },
      { from: 'mid_market', to: 'Enterprise', deals: 22 },
      { from: 'Enterprise', to: 'customer_success', deals: 50 },
    ],
  },
  {
    id: 'table',
    title: 'Largest open deals',
    tile_type: 'table',
    chart_type: null,
    chart_config: {
      pageSize: 10,
      columns: [
        { field: 'deal', label: 'Deal' },
        { field: 'owner', label: 'Owner' },
        { field: 'amount', label: 'Amount', format: 'currency' },
        { field: 'expected_close_date', label: 'Expected close' },
      ],
    },
    // three rows of the grid: less than the rows of a page, so the table scrolls under its title
    grid: [0, 22, 6, 3],
    rows: DEALS,
  },
  {
    id: 'text',
    title: 'About this dashboard',
    tile_type: 'text',
    chart_type: null,
    chart_config: {
      format: 'markdown',
      content:
        '## Notes\n\n- Revenue counts **won** deals\n- Pipeline is weighted\n\n| Stage | Weight |\n| --- | --- |\n| Proposal | 50% |\n| Negotiation | 80% |',
    },
    grid: [6, 22, 6, 3],
  },
];

const dashboard = {
  id: 'product',
  name: 'Product tour',
  description: 'Every chart type as a reader sees it.',
  layout: { columns: 12, rowHeight: 80, gap: 16 },
  settings: { theme: 'light', auto_refresh: false, refresh_interval_seconds: 300 },
  tiles: tiles.map(({ grid: [grid_x, grid_y, grid_w, grid_h], rows: _rows, ...tile }) => ({
    ...tile,
    grid_x,
    grid_y,
    grid_w,
    grid_h,
  })),
};

/** What the server's tile runner stores for a tile (server/dashboards/tile-data.ts). */
function tileData(tile: FixtureTile) {
  const rows = tile.rows ?? [];
  const columns = Object.keys(rows[0] ?? {});
  const raw = { columns, rows, truncated: false };
  switch (tile.tile_type) {
    case 'kpi':
      return { ...raw, ...toMetric(columns, rows, tile.chart_config, null) };
    case 'table':
      return { ...raw, ...toTable(columns, rows, tile.chart_config) };
    default:
      return { ...raw, ...toChart(tile.chart_type!, columns, rows, tile.chart_config) };
  }
}

const executedAt = '2026-02-01T09:30:00.000Z';
const snapshot = {
  id: 'snapshot-product',
  dashboard_id: dashboard.id,
  tile_data: Object.fromEntries(
    tiles.map((tile) => [
      tile.id,
      { data: tile.tile_type === 'text' ? null : tileData(tile), error: null, executed_at: executedAt },
    ])
  ),
  execution_time_ms: 120,
  trigger_type: 'on_share',
  created_at: executedAt,
  expires_at: null,
  stale: false,
};

let server: ViewerServer;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(path.join(VIEWER_DIST, 'viewer.js'))) {
    throw new Error('dist/viewer is missing: run `npm run build:viewer`');
  }
  server = await startViewerServer(
    { tour: { title: dashboard.name }, dark: { title: dashboard.name, theme: 'dark' } },
    (pathname) => {
      const [, data] = pathname.replace(/^\/api\/dashboards\/shared\/(tour|dark)/, '').split('/');
      return { status: 200, body: data === 'data' ? snapshot : dashboard };
    }
  );
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The tour in a browser speaking `locale`, every tile settled; console errors are collected. */
async function openTour(locale: string, token = 'tour'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/dashboards/shared/${token}`);
  await drawnTiles(page, { count: tiles.length, timeout: 30_000 });
  return { page, errors };
}

/** The whole page in the viewport (charts follow the resize), then its screenshot. */
async function screenshotAll(page: Page, name: string) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1440, height });
  await drawnTiles(page, { count: tiles.length, timeout: 30_000 });
  await page.screenshot({ path: path.join(SCREENSHOTS, `charts-product-${name}.png`) });
}

const tile = (page: Page, id: string) => page.locator(`[data-tile-id="${id}"]`);
const axisLabels = async (page: Page, id: string): Promise<string[]> =>
  JSON.parse((await tile(page, id).locator('.dv-chart').getAttribute('data-axis-labels')) ?? 'null');
const axisTitles = (page: Page, id: string) =>
  tile(page, id).locator('.dv-chart').getAttribute('data-axis-titles');
/** The labels a chart's plugin wrote on it (treemap rectangles, sankey nodes, chord groups), as drawn. */
const drawnLabels = async (page: Page, id: string): Promise<string[]> =>
  JSON.parse((await tile(page, id).locator('.dv-chart').getAttribute('data-labels')) ?? 'null');

/**
 * Every tooltip a reader hovering the chart sees: the pointer is moved over the canvas in a grid of
 * `step` pixels, and the tooltip's lines read after each move (the chart keeps them on its frame
 * while something is hovered). `centreLine` moves it down the middle of what is drawn only (a
 * funnel's steps): found from what is hovered across the canvas's middle rows.
 */
async function tooltipsOf(
  page: Page,
  id: string,
  { step = 20, centreLine = false }: { step?: number; centreLine?: boolean } = {}
): Promise<string[]> {
  const canvas = tile(page, id).locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  return canvas.evaluate(
    async (element: HTMLCanvasElement, { gap, centre }) => {
      const frame = element.parentElement!;
      const box = element.getBoundingClientRect();
      const frames = () =>
        new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const hover = async (x: number, y: number) => {
        element.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
        await frames();
        return frame.dataset.tooltip;
      };
      const range = (from: number, to: number, by: number) =>
        Array.from({ length: Math.ceil((to - from) / by) }, (_, index) => from + by / 2 + index * by);
      let xs = range(box.left, box.right, gap);
      if (centre) {
        // what is drawn across rows round the middle (a row may fall between two steps): the
        // middle of the narrowest is the centre line
        let narrowest: number[] | undefined;
        for (const offset of [0, 12, -12]) {
          const y = (box.top + box.bottom) / 2 + offset;
          const hits: number[] = [];
          for (const x of range(box.left, box.right, 4)) if (await hover(x, y)) hits.push(x);
          const width = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
          if (hits.length && (!narrowest || width(hits) < width(narrowest))) narrowest = hits;
        }
        if (!narrowest) return [];
        xs = [(Math.min(...narrowest) + Math.max(...narrowest)) / 2];
      }
      const seen = new Set<string>();
      for (const y of range(box.top, box.bottom, gap)) {
        for (const x of xs) {
          const tooltip = await hover(x, y);
          if (tooltip) seen.add(tooltip);
        }
      }
      element.dispatchEvent(new MouseEvent('mouseout', { bubbles: true }));
      return [...seen].sort();
    },
    { gap: step, centre: centreLine }
  );
}

const stateOf = (page: Page, id: string) =>
  tile(page, id).locator('.dv-tile-body').getAttribute('data-tile-state');

it('keeps a table tile’s title whole above its sticky header', async () => {
  const { page, errors } = await openTour('en-US');
  const title = tile(page, 'table').locator('.dv-tile-title');
  const { clientHeight, scrollHeight } = await title.evaluate((element) => ({
    clientHeight: element.clientHeight,
    scrollHeight: element.scrollHeight,
  }));
  expect(clientHeight).toBe(scrollHeight);
  expect(clientHeight).toBeGreaterThanOrEqual(17);
  const [titleBox, headBox, scrollBox] = await Promise.all([
    title.boundingBox(),
    tile(page, 'table').locator('thead').boundingBox(),
    tile(page, 'table').locator('.dv-table-scroll').boundingBox(),
  ]);
  expect(titleBox!.y + titleBox!.height).toBeLessThanOrEqual(headBox!.y);
  // the rows scroll inside the tile, under the header, never over the title
  await tile(page, 'table')
    .locator('.dv-table-scroll')
    .evaluate((element) => element.scrollTo(0, 200));
  const scrolledHead = await tile(page, 'table').locator('th').first().boundingBox();
  expect(scrolledHead!.y).toBeCloseTo(scrollBox!.y, 0);
  await expect(tile(page, 'table').locator('.dv-table-status').innerText()).resolves.toBe(
    'Page 1 of 3 · 30 rows'
  );
  await expect(
    tile(page, 'table').locator('tbody tr').first().locator('td').allInnerTexts()
  ).resolves.toEqual(['Deal 1', 'Alice Martin', '$200,000', 'Jan 15, 2026']);
  expect(errors).toEqual([]);
  await page.close();
});

it('draws every chart type in English: every label shown, dates per bucket, axis titles, shares', async () => {
  const { page, errors } = await openTour('en-US');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
  const states = Object.fromEntries(
    await Promise.all(tiles.map(async ({ id }) => [id, await stateOf(page, id)]))
  );
  expect(states).toEqual(
    Object.fromEntries(tiles.map(({ id }) => [id, id === 'pie-zero' ? 'empty' : 'drawn']))
  );

  // twelve long labels: all twelve, cut with an ellipsis (the tooltip has the whole name)
  const territories = await axisLabels(page, 'bar-long');
  expect(territories).toHaveLength(12);
  expect(territories).toEqual(LONG_NAMES.map((name) => `${name.slice(0, 15).trimEnd()}…`));
  expect(await axisTitles(page, 'bar-long')).toBe('x: Territory; y: Revenue');

  // twelve months of trend, as months
  expect(await axisLabels(page, 'line-months')).toEqual([
    'Jan 2025',
    'Feb 2025',
    'Mar 2025',
    'Apr 2025',
    'May 2025',
    'Jun 2025',
    'Jul 2025',
    'Aug 2025',
    'Sep 2025',
    'Oct 2025',
    'Nov 2025',
    'Dec 2025',
  ]);
  expect(await axisTitles(page, 'line-months')).toBe('x: Period; y: Won amount');
  expect(await axisLabels(page, 'bar-weeks')).toEqual(['W03', 'W04', 'W05', 'W06']);
  // titles as chart_config gives them: the x axis named, the y axis without one
  expect(await axisTitles(page, 'bar-weeks')).toBe('x: Week of the year');
  expect(await axisLabels(page, 'area-quarters')).toEqual(['Q2 2025', 'Q3 2025', 'Q4 2025', 'Q1 2026']);
  expect(await axisTitles(page, 'scatter')).toBe('x: Days to close; y: Amount');
  expect(await axisTitles(page, 'heatmap')).toBe('x: Weekday; y: Hour');

  // KPIs: the currency configured, the dollar prefix as US dollars, plain counts
  await expect(tile(page, 'kpi-eur').locator('.dv-metric-value').innerText()).resolves.toBe('€6,095,500');
  await expect(tile(page, 'kpi-eur').locator('.dv-metric-percent').innerText()).resolves.toBe('+21.9%');
  await expect(tile(page, 'kpi-usd').locator('.dv-metric-value').innerText()).resolves.toBe('$6,095,500');
  await expect(tile(page, 'kpi-count').locator('.dv-metric-value').innerText()).resolves.toBe('5,000');

  // the gauge says its value with its unit; the heatmap has its colour scale
  await expect(tile(page, 'gauge').locator('canvas').getAttribute('aria-label')).resolves.toBe(
    'Gauge: SLA compliance: 72.5%'
  );
  const scale = tile(page, 'heatmap').locator('.dv-heatmap-legend');
  await expect(scale.getAttribute('aria-label')).resolves.toBe('Colour scale, from 12 to 66');
  await expect(scale.innerText()).resolves.toMatch(/^12\s+66$/);
  await expect(tile(page, 'pie').locator('canvas').getAttribute('aria-label')).resolves.toBe(
    'Pie chart: Lead sources'
  );

  // an all-zero pie says so instead of drawing a blank circle
  await expect(tile(page, 'pie-zero').locator('.dv-tile-body').innerText()).resolves.toBe(
    'No data: every value is zero'
  );

  // markdown keeps its bullets and its table
  const text = tile(page, 'text').locator('.dv-text');
  await expect(
    text
      .locator('li')
      .first()
      .evaluate((item) => getComputedStyle(item).listStyleType)
  ).resolves.toBe('disc');
  await expect(text.locator('td').allInnerTexts()).resolves.toEqual([
    'Proposal',
    '50%',
    'Negotiation',
    '80%',
  ]);
  await expect(
    text
      .locator('td')
      .first()
      .evaluate((cell) => getComputedStyle(cell).borderTopStyle)
  ).resolves.toBe('solid');

  await screenshotAll(page, 'en');
  expect(errors).toEqual([]);
  await page.close();
});

it('writes numbers, currencies, dates and its own words in French for a French reader', async () => {
  const { page, errors } = await openTour('fr-FR');
  const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
  // the page says the language it is written in (the server's shell says en)
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr-FR');
  expect(await axisLabels(page, 'line-months')).toEqual([
    'janv. 2025',
    'févr. 2025',
    'mars 2025',
    'avr. 2025',
    'mai 2025',
    'juin 2025',
    'juil. 2025',
    'août 2025',
    'sept. 2025',
    'oct. 2025',
    'nov. 2025',
    'déc. 2025',
  ]);
  expect(await axisLabels(page, 'bar-weeks')).toEqual(['S03', 'S04', 'S05', 'S06']);
  expect(await axisLabels(page, 'area-quarters')).toEqual(['T2 2025', 'T3 2025', 'T4 2025', 'T1 2026']);
  expect(nbsp(await tile(page, 'kpi-eur').locator('.dv-metric-value').innerText())).toBe('6 095 500 €');
  expect(nbsp(await tile(page, 'kpi-eur').locator('.dv-metric-percent').innerText())).toBe('+21,9 %');
  expect(nbsp(await tile(page, 'kpi-usd').locator('.dv-metric-value').innerText())).toBe('6 095 500 $US');
  expect(nbsp(await tile(page, 'kpi-count').locator('.dv-metric-value').innerText())).toBe('5 000');
  expect(nbsp((await tile(page, 'gauge').locator('canvas').getAttribute('aria-label'))!)).toBe(
    'Jauge: SLA compliance: 72,5 %'
  );
  await expect(tile(page, 'pie-zero').locator('.dv-tile-body').innerText()).resolves.toBe(
    'Aucune donnée : toutes les valeurs sont nulles'
  );
  const updated = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' });
  await expect(page.locator('.dv-updated').innerText()).resolves.toBe(
    `Mis à jour le ${updated.format(new Date(executedAt))}`
  );
  const table = tile(page, 'table');
  await expect(table.locator('.dv-table-status').innerText()).resolves.toBe('Page 1 sur 3 · 30 lignes');
  await expect(table.locator('button').allInnerTexts()).resolves.toEqual(['Précédent', 'Suivant']);
  expect((await table.locator('tbody tr').first().locator('td').allInnerTexts()).map(nbsp)).toEqual([
    'Deal 1',
    'Alice Martin',
    '200 000 $US',
    '15 janv. 2026',
  ]);
  await screenshotAll(page, 'fr');
  expect(errors).toEqual([]);
  await page.close();
});

it('draws every chart type in the dark theme', async () => {
  const { page, errors } = await openTour('en-US', 'dark');
  expect(await page.evaluate(() => document.documentElement.classList.contains('dv-theme-dark'))).toBe(true);
  expect(await axisLabels(page, 'bar-long')).toHaveLength(12);
  await screenshotAll(page, 'dark');
  expect(errors).toEqual([]);
  await page.close();
});

it('humanises treemap, sankey and chord names and gives each funnel step its shares', async () => {
  const { page, errors } = await openTour('en-US');

  // the funnel: each step's amount and share of the first beside it, and of the step before in the tooltip
  expect(await axisLabels(page, 'funnel')).toEqual([
    'Leads · 5,000 · 100%',
    'Qualified · 2,100 · 42%',
    'Proposal · 900 · 18%',
    'Won · 310 · 6.2%',
  ]);
  expect(await tooltipsOf(page, 'funnel', { step: 6, centreLine: true })).toEqual([
    'Leads\nCount: 5,000',
    'Proposal\nCount: 900\n18% of the first step\n42.9% of the previous step',
    'Qualified\nCount: 2,100\n42% of the first step',
    'Won\nCount: 310\n6.2% of the first step\n34.4% of the previous step',
  ]);

  // the treemap: categories and products written as codes read as words, the value named after its field
  expect(await drawnLabels(page, 'treemap')).toEqual([
    'Software',
    'Support',
    'Professional services',
    'CRM Pro $420K',
    'CRM Starter $185K',
    'Premium support $118K',
    'Onboarding $96K',
  ]);
  const treemapTips = await tooltipsOf(page, 'treemap');
  for (const tip of [
    'CRM Pro\nWon revenue: $420,000\nProduct family: Software',
    'CRM Starter\nWon revenue: $185,000\nProduct family: Software',
    'Premium support\nWon revenue: $118,000\nProduct family: Support',
    'Onboarding\nWon revenue: $96,000\nProduct family: Professional services',
  ]) {
    expect(treemapTips).toContain(tip);
  }
  // over a category's caption, the category and its total
  expect(treemapTips.filter((tip) => !tip.includes('Product family'))).toEqual(
    expect.arrayContaining(['Software\nWon revenue: $605,000'])
  );
  expect(treemapTips.join('\n')).not.toMatch(/[a-z]_[a-z]|wonRevenue|productFamily/);

  // the sankey's nodes and flows
  expect(await drawnLabels(page, 'sankey')).toEqual([
    'Website',
    'Qualified',
    'Cold call',
    'Disqualified',
    'Closed won',
    'Closed lost',
  ]);
  expect(await tooltipsOf(page, 'sankey', { step: 24 })).toEqual([
    'Lead count\nCold call → Qualified: 260',
    'Lead count\nQualified → Closed lost: 470',
    'Lead count\nQualified → Closed won: 310',
    'Lead count\nWebsite → Disqualified: 300',
    'Lead count\nWebsite → Qualified: 520',
  ]);

  // the chord's groups round the ring, and what a screen reader reads
  expect(await drawnLabels(page, 'chord')).toEqual([
    'Inbound sales',
    'Enterprise',
    'Mid market',
    'Customer success',
  ]);
  await expect(tile(page, 'chord').locator('canvas').textContent()).resolves.toBe(
    'Inbound sales → Enterprise: 40; Inbound sales → Mid market: 65; Mid market → Enterprise: 22; ' +
      'Enterprise → Customer success: 50'
  );
  expect(errors).toEqual([]);
  await page.close();
});

it('writes the funnel’s shares and the treemap’s amounts in French for a French reader', async () => {
  const { page, errors } = await openTour('fr-FR');
  const nbsp = (texts: string[]) => texts.map((text) => text.replace(/[\u00a0\u202f]/g, ' '));
  expect(nbsp(await axisLabels(page, 'funnel'))).toEqual([
    'Leads · 5 000 · 100 %',
    'Qualified · 2 100 · 42 %',
    'Proposal · 900 · 18 %',
    'Won · 310 · 6,2 %',
  ]);
  expect(nbsp(await tooltipsOf(page, 'funnel', { step: 6, centreLine: true }))).toEqual([
    'Leads\nCount: 5 000',
    'Proposal\nCount: 900\n18 % de la première étape\n42,9 % de l’étape précédente',
    'Qualified\nCount: 2 100\n42 % de la première étape',
    'Won\nCount: 310\n6,2 % de la première étape\n34,4 % de l’étape précédente',
  ]);
  expect(nbsp(await drawnLabels(page, 'treemap'))).toEqual([
    'Software',
    'Support',
    'Professional services',
    'CRM Pro 420 k $US',
    'CRM Starter 185 k $US',
    'Premium support 118 k $US',
    'Onboarding 96 k $US',
  ]);
  expect(errors).toEqual([]);
  await page.close();
});
