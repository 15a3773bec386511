import type { Core } from '@strapi/strapi';
import { joinTableOf, modelMeta } from './metadata';
import type { CrmUser } from './organization';
import { documentIdGenerator, type Random } from './random';
import { UID } from './uids';

export const DEMO_DASHBOARD_NAMES = ['CRM overview', 'Sales dashboard'];

type TileType = 'chart' | 'kpi' | 'table' | 'text';
/** x, y, w, h on the 12-column grid. */
type Grid = [number, number, number, number];

interface TileSpec {
  title: string;
  tile_type: TileType;
  chart_type: string | null;
  source: Record<string, unknown>;
  chart_config: Record<string, unknown>;
  grid: Grid;
}

const LAYOUT = { columns: 12, rowHeight: 80, gap: 16 };
const SETTINGS = { auto_refresh: false, refresh_interval_seconds: 300, theme: 'light' };

/**
 * The CRM overview's filters. Every analytics endpoint takes scope, from, to and pipelineId; a tile
 * leaves a parameter out while its filter has no value. The scope defaults to `all` (what the
 * director, who owns the dashboard, may see; an admin with a narrower analytics scope picks it in
 * the bar, since `all` answers 403 for them). No period by default: the endpoints then use the
 * last 30 days. The pipeline (shown by name, sent as the row id `pipelineId` takes) is unset: every pipeline.
 */
function overviewFilters(pipelines: { id: number; name: string }[]) {
  return [
    {
      id: 'scope',
      type: 'values',
      label: 'Scope',
      options: ['own', 'team', 'department', 'all'],
      default: 'all',
    },
    { id: 'period', type: 'date_range', label: 'Period' },
    {
      id: 'pipeline',
      type: 'values',
      label: 'Pipeline',
      options: pipelines.map(({ id, name }) => ({ value: String(id), label: name })),
    },
  ];
}

/** The filters' parameters; snapshots ("now" onwards, or the newest records) take no period. */
const FILTERED = { scope: '{{scope}}', pipelineId: '{{pipeline}}' };
const PERIOD = { from: '{{period_from}}', to: '{{period_to}}' };
const SNAPSHOTS = new Set(['lead-aging', 'upcoming-tasks', 'recent-activities']);

function analytics(
  endpoint: string,
  title: string,
  [tileType, chartType]: [TileType, string | null],
  chartConfig: Record<string, unknown>,
  grid: Grid,
  params: Record<string, string | number> = {}
): TileSpec {
  const filtered = SNAPSHOTS.has(endpoint) ? FILTERED : { ...FILTERED, ...PERIOD };
  return {
    title,
    tile_type: tileType,
    chart_type: chartType,
    source: { kind: 'analytics', endpoint, params: { ...filtered, ...params } },
    chart_config: chartConfig,
    grid,
  };
}

const KPI: [TileType, null] = ['kpi', null];
const TABLE: [TileType, null] = ['table', null];
const chart = (type: string): [TileType, string] => ['chart', type];

/** The first day (YYYY-MM-DD, UTC) of the month `months` before the one `today` falls in. */
export function monthsBefore(today: number, months: number): string {
  const date = new Date(today);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1)).toISOString().slice(0, 10);
}

/**
 * One tile per CRM analytics endpoint, laid out in rows that fill the 12 columns. Tables name
 * their columns (titles, names and dates, never document ids).
 */
function overviewTiles(today: number): TileSpec[] {
  const revenueTrend = analytics(
    'revenue-trend',
    'Revenue trend (12 months)',
    chart('line'),
    {
      xField: 'period',
      series: ['wonAmount', 'lostAmount'],
      smooth: true,
      showLegend: true,
      number_format: 'currency',
    },
    [0, 2, 8, 4],
    { period: 'monthly' }
  );
  // a year of months whatever the period filter says: this month and the eleven before it
  revenueTrend.source.params = {
    ...FILTERED,
    from: monthsBefore(today, 11),
    period: 'monthly',
  };
  return [
    analytics(
      'stats',
      'Open pipeline value',
      KPI,
      { valueField: 'openOpportunityValue', format: 'currency', prefix: '$', decimals: 0 },
      [0, 0, 3, 2]
    ),
    analytics(
      'win-loss-analysis',
      'Win rate',
      KPI,
      { valueField: 'winRate', format: 'percentage' },
      [3, 0, 3, 2]
    ),
    analytics('tasks-summary', 'Overdue tasks', KPI, { valueField: 'overdue' }, [6, 0, 3, 2]),
    analytics(
      'sla-compliance',
      'SLA compliance',
      chart('gauge'),
      { valueField: 'complianceRate', min: 0, max: 100, number_format: 'percentage' },
      [9, 0, 3, 2]
    ),
    revenueTrend,
    analytics(
      'score-card',
      'Score card',
      TABLE,
      {
        compact: true,
        columns: [
          { field: 'label', label: 'Metric' },
          { field: 'value', label: 'This period' },
          { field: 'previousPeriod', label: 'Previous' },
          { field: 'change', label: 'Change', format: 'percentage' },
        ],
      },
      [8, 2, 4, 4],
      { metrics: 'leads_created,deals_won,revenue,win_rate' }
    ),
    analytics(
      'lead-pipeline',
      'Lead pipeline',
      chart('bar'),
      { xField: 'stageName', yField: 'count' },
      [0, 6, 4, 4]
    ),
    analytics(
      'opportunity-pipeline',
      'Opportunity pipeline',
      chart('bar'),
      { xField: 'stageName', yField: 'totalAmount', number_format: 'currency' },
      [4, 6, 4, 4]
    ),
    analytics(
      'lead-sources',
      'Lead sources',
      chart('pie'),
      { nameField: 'source', valueField: 'count', showLegend: true },
      [8, 6, 4, 4]
    ),
    analytics(
      'conversion-funnel',
      'Conversion funnel',
      chart('funnel'),
      { nameField: 'stage', valueField: 'count' },
      [0, 10, 4, 4]
    ),
    analytics(
      'funnel-chart',
      'Sales funnel',
      chart('funnel'),
      { nameField: 'stageName', valueField: 'count' },
      [4, 10, 4, 4]
    ),
    analytics(
      'lead-aging',
      'Lead aging',
      chart('bar'),
      { xField: 'ageRange', yField: 'count' },
      [8, 10, 4, 4]
    ),
    analytics(
      'top-performers',
      'Top performers',
      chart('bar'),
      { xField: 'userName', yField: 'value', horizontal: true, number_format: 'currency' },
      [0, 14, 6, 4],
      { metricKey: 'revenue', limit: 10 }
    ),
    analytics(
      'activities-summary',
      'Activities by type',
      chart('donut'),
      { nameField: 'type', valueField: 'count' },
      [6, 14, 3, 4]
    ),
    analytics(
      'deal-velocity',
      'Days per stage',
      chart('bar'),
      { xField: 'stageName', yField: 'avgDays' },
      [9, 14, 3, 4]
    ),
    // a table: a quarter holds dozens of targets, too many names for a chart of this size
    analytics(
      'target-progress',
      'Target progress',
      TABLE,
      {
        zebra: true,
        pageSize: 10,
        columns: [
          { field: 'name', label: 'Target' },
          { field: 'currentValue', label: 'So far' },
          { field: 'targetValue', label: 'Goal' },
          { field: 'progress', label: 'Progress', format: 'percentage' },
        ],
      },
      // half the width: a target's name ("Q4 2026 Revenue target - Abigail Shah") and three numbers
      [0, 18, 6, 4]
    ),
    analytics(
      'upcoming-tasks',
      'Upcoming tasks',
      TABLE,
      {
        zebra: true,
        pageSize: 10,
        columns: [
          { field: 'title', label: 'Task' },
          { field: 'dueAt', label: 'Due' },
          { field: 'ownerName', label: 'Owner' },
        ],
      },
      [6, 18, 6, 4],
      { days: 7, limit: 10 }
    ),
    analytics(
      'recent-activities',
      'Recent activities',
      TABLE,
      {
        zebra: true,
        pageSize: 10,
        columns: [
          { field: 'title', label: 'Activity' },
          { field: 'entityName', label: 'About' },
          { field: 'performedBy', label: 'By' },
          { field: 'createdAt', label: 'When' },
        ],
      },
      // the whole width: what was done, about what (a company and its deal), by whom and when
      [0, 22, 12, 4],
      { limit: 20 }
    ),
  ];
}

/** The SQL text of a few read-only queries over the CRM, with table and link names read from Strapi's metadata. */
function crmSql(strapi: Core.Strapi) {
  const table = (uid: string) => modelMeta(strapi, uid).tableName;
  /** `JOIN` through the relation's link table to the related table. */
  const join = (
    from: { alias: string; uid: string },
    attribute: string,
    to: { alias: string; uid: string }
  ) => {
    const link = joinTableOf(strapi, from.uid, attribute);
    const via = `${from.alias}_${to.alias}`;
    return (
      `JOIN ${link.name} ${via} ON ${via}.${link.joinColumn.name} = ${from.alias}.id ` +
      `JOIN ${table(to.uid)} ${to.alias} ON ${to.alias}.id = ${via}.${link.inverseJoinColumn.name}`
    );
  };
  const opportunity = { alias: 'o', uid: UID.opportunity };
  const stage = { alias: 's', uid: UID.stage };
  const opportunities = `${table(UID.opportunity)} o ${join(opportunity, 'stage', stage)}`;
  const inSales = join(stage, 'pipeline', { alias: 'p', uid: UID.pipeline });
  const month = {
    sqlite: `strftime('%Y-%m', o.closed_at / 1000, 'unixepoch')`,
    postgres: `to_char(o.closed_at, 'YYYY-MM')`,
    mysql: `date_format(o.closed_at, '%Y-%m')`,
  }[strapi.db.dialect.client as 'sqlite' | 'postgres' | 'mysql'];
  return {
    openPipelineValue: `SELECT COALESCE(SUM(o.amount), 0) AS value FROM ${opportunities} WHERE s.kind = 'open'`,
    openDealsByStage:
      `SELECT s.name AS stage, COUNT(*) AS deals, SUM(o.amount) AS amount FROM ${opportunities} ${inSales} ` +
      `WHERE p.name = 'Sales' AND s.kind = 'open' GROUP BY s.name, s.position ORDER BY s.position`,
    wonRevenueByMonth:
      `SELECT ${month} AS month, SUM(o.amount) AS revenue FROM ${opportunities} ` +
      `WHERE s.kind = 'won' GROUP BY ${month} ORDER BY month`,
    largestOpenDeals:
      `SELECT o.name AS deal, s.name AS stage, o.amount, o.expected_close_date FROM ${opportunities} ` +
      `WHERE s.kind = 'open' ORDER BY o.amount DESC LIMIT 10`,
    // Qualified column: node-sql-parser's MySQL grammar reads a bare `status` as a keyword.
    leadsByStatus: `SELECT l.status, COUNT(*) AS leads FROM ${table(UID.lead)} l GROUP BY l.status ORDER BY leads DESC`,
  };
}

/** The Sales dashboard's text tile: markdown with a list and a table. */
const SALES_NOTES = [
  '### How to read it',
  '',
  '- **Won revenue** counts deals closed won, by close month',
  '- **Open deals** are the Sales pipeline’s, by stage',
  '- Amounts are in US dollars',
  '',
  '| Stage kind | Counts as |',
  '| --- | --- |',
  '| open | pipeline |',
  '| won | revenue |',
].join('\n');

/** SQL tiles on the Strapi database and structured content-type tiles. */
/** The Sales dashboard's period: its content-type tiles count what was created (or closed) in it. */
const SALES_FILTERS = [{ id: 'period', type: 'date_range', label: 'Period' }];
const inPeriod = (field: string) => ({ [field]: { $gte: '{{period_from}}', $lte: '{{period_to}}' } });

function salesTiles(strapi: Core.Strapi): TileSpec[] {
  const sql = crmSql(strapi);
  const onStrapi = (query: string) => ({ kind: 'sql', datasource_id: 'strapi', query });
  const count = (uid: string, extra: Record<string, unknown> = {}) => ({
    kind: 'content-type',
    uid,
    measure: { fn: 'count' },
    filters: inPeriod('createdAt'),
    ...extra,
  });
  const tile = (
    title: string,
    [tileType, chartType]: [TileType, string | null],
    source: object,
    chartConfig: object,
    grid: Grid
  ) =>
    ({
      title,
      tile_type: tileType,
      chart_type: chartType,
      source,
      chart_config: chartConfig,
      grid,
    }) as TileSpec;
  return [
    tile(
      'Open pipeline value',
      KPI,
      onStrapi(sql.openPipelineValue),
      { valueField: 'value', format: 'currency', prefix: '$', decimals: 0 },
      [0, 0, 4, 2]
    ),
    tile('Leads', KPI, count(UID.lead), { valueField: 'count' }, [4, 0, 4, 2]),
    tile('Opportunities', KPI, count(UID.opportunity), { valueField: 'count' }, [8, 0, 4, 2]),
    tile(
      'Won revenue by month',
      chart('line'),
      onStrapi(sql.wonRevenueByMonth),
      { xField: 'month', yField: 'revenue', smooth: true, number_format: 'currency' },
      [0, 2, 8, 4]
    ),
    tile(
      'Leads by status',
      chart('pie'),
      onStrapi(sql.leadsByStatus),
      { nameField: 'status', valueField: 'leads' },
      [8, 2, 4, 4]
    ),
    tile(
      'Open deals by stage (Sales)',
      chart('bar'),
      onStrapi(sql.openDealsByStage),
      { xField: 'stage', yField: 'amount', number_format: 'currency' },
      [0, 6, 6, 4]
    ),
    tile(
      'Leads by source',
      chart('donut'),
      count(UID.lead, { group_by: 'source' }),
      { nameField: 'source', valueField: 'count' },
      [6, 6, 6, 4]
    ),
    tile(
      'Closed deal amount by month',
      chart('bar'),
      {
        kind: 'content-type',
        uid: UID.opportunity,
        measure: { fn: 'sum', field: 'amount' },
        date_bucket: { field: 'closed_at', unit: 'month' },
        filters: inPeriod('closed_at'),
      },
      { xField: 'closed_at', yField: 'sum', number_format: 'currency' },
      [0, 10, 6, 4]
    ),
    tile(
      'Activities by type',
      chart('bar'),
      count(UID.activity, { group_by: 'type' }),
      { xField: 'type', yField: 'count' },
      [6, 10, 6, 4]
    ),
    tile(
      'Largest open deals',
      TABLE,
      onStrapi(sql.largestOpenDeals),
      {
        zebra: true,
        pageSize: 10,
        columns: [
          { field: 'deal', label: 'Deal' },
          { field: 'stage', label: 'Stage' },
          { field: 'amount', label: 'Amount', format: 'currency' },
          { field: 'expected_close_date', label: 'Expected close' },
        ],
      },
      [0, 14, 8, 4]
    ),
    tile(
      'About this dashboard',
      ['text', null],
      { kind: 'none' },
      { format: 'markdown', content: SALES_NOTES },
      [8, 14, 4, 4]
    ),
  ];
}

/** The two demo dashboards, owned by the director, written through strapi.db.query (a few rows). */
export async function createDemoDashboards(
  strapi: Core.Strapi,
  random: Random,
  owner: CrmUser,
  createdAt: number
): Promise<{ dashboards: number; tiles: number }> {
  const newDocumentId = documentIdGenerator(random);
  const timestamps = { createdAt: new Date(createdAt), updatedAt: new Date(createdAt) };
  const pipelines = (await strapi.db.query(UID.pipeline).findMany({
    select: ['id', 'name'],
    orderBy: { id: 'asc' },
  })) as { id: number; name: string }[];
  const dashboards = [
    {
      name: DEMO_DASHBOARD_NAMES[0],
      description: 'Every CRM analytics endpoint as a tile, filtered by scope, period and pipeline.',
      filters: overviewFilters(pipelines),
      tiles: overviewTiles(createdAt),
    },
    {
      name: DEMO_DASHBOARD_NAMES[1],
      description: 'SQL and content-type tiles over the CRM tables.',
      filters: SALES_FILTERS,
      tiles: salesTiles(strapi),
    },
  ];
  let tiles = 0;
  for (const dashboard of dashboards) {
    const { id } = await strapi.db.query(UID.dashboard).create({
      data: {
        documentId: newDocumentId(),
        name: dashboard.name,
        description: dashboard.description,
        layout: LAYOUT,
        settings: SETTINGS,
        filters: dashboard.filters,
        is_public: false,
        is_archived: false,
        status: 'active',
        owner: owner.id,
        ...timestamps,
      },
    });
    for (const { grid, ...tile } of dashboard.tiles) {
      const [grid_x, grid_y, grid_w, grid_h] = grid;
      await strapi.db.query(UID.tile).create({
        data: {
          documentId: newDocumentId(),
          ...tile,
          grid_x,
          grid_y,
          grid_w,
          grid_h,
          dashboard: id,
          ...timestamps,
        },
      });
      tiles += 1;
    }
  }
  return { dashboards: dashboards.length, tiles };
}
