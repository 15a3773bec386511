import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import type { AnalyticsContext } from '../context';
import { cents, from, num, round1, whereInPeriod } from '../sql';
import { dailyAvailable, factRows, type Fact, type Range } from '../rollups/daily';

export const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
export type Quarter = (typeof QUARTERS)[number];

/** A target as the query below selects it (values as the driver hands them over). */
interface TargetRow {
  id: number;
  target_id: string;
  name: string;
  metric: unknown;
  target_value: unknown;
  unit: string | null;
  period_start: unknown;
  period_end: unknown;
  owner_id: number | string | null;
}

/** The records a target metric counts over [start, end): its query, record id, owner link and measure. */
function metricRecords(ctx: AnalyticsContext, metric: string, start: Date, end: Date) {
  const { knex, dialect, crm } = ctx;
  const inRange = (query: Knex.QueryBuilder, column: string) =>
    whereInPeriod(query, dialect, column, { start, end });
  switch (metric) {
    case 'revenue':
    case 'deals_won': {
      const deals = from(knex, crm, 'opportunity', 'o');
      const stage = crm.get('stage');
      const link = deals.model.link('stage');
      deals.query.whereIn(
        'o.id',
        knex
          .from({ os: link.table })
          .join({ s: stage.table }, 's.id', `os.${link.to}`)
          .where(`s.${stage.column('kind')}`, 'won')
          .select(`os.${link.from}`)
      );
      inRange(deals.query, deals.col('closedAt'));
      const amount = metric === 'revenue' ? deals.col('amount') : null;
      return { query: deals.query, recordId: 'o.id', owner: deals.model.link('owner'), amount };
    }
    case 'leads_created': {
      const leads = from(knex, crm, 'lead', 'l');
      inRange(leads.query, leads.col('createdAt'));
      return { query: leads.query, recordId: 'l.id', owner: leads.model.link('owner'), amount: null };
    }
    case 'activities': {
      const activities = from(knex, crm, 'activity', 'a');
      inRange(activities.query, activities.col('createdAt'));
      const owner = activities.model.link('performedBy');
      return { query: activities.query, recordId: 'a.id', owner, amount: null };
    }
    default:
      return null;
  }
}

type Records = NonNullable<ReturnType<typeof metricRecords>>;
const measure = (records: Records) =>
  records.amount === null ? records.query.count({ n: '*' }) : records.query.sum({ n: records.amount });
const valueOf = (records: Records, n: unknown) => (records.amount === null ? num(n) : cents(n));

/** The daily rollup's fact of each target metric, and what it sums. */
const METRIC_FACTS: Record<string, { fact: Fact; won?: boolean; measure: 'n' | 'sum_a' }> = {
  revenue: { fact: 'deal-closed', won: true, measure: 'sum_a' },
  deals_won: { fact: 'deal-closed', won: true, measure: 'n' },
  leads_created: { fact: 'lead', measure: 'n' },
  activities: { fact: 'activity', measure: 'n' },
};

/** metricValues from the daily rollup: per owner, and over the scope. */
async function valuesFromRollup(ctx: AnalyticsContext, metric: string, range: Range, owners: number[]) {
  const { fact, won, measure } = METRIC_FACTS[metric];
  const value = (n: unknown) => (measure === 'sum_a' ? cents(n) : num(n));
  const rows = (among?: number[]) => {
    const query = ctx.knex.from(factRows(ctx, fact, range, { owners: among }).as('m')).sum({ n: measure });
    return won ? query.where('dim', 'won') : query;
  };
  const byOwner = new Map<number, number>();
  if (owners.length > 0) {
    const found = await rows(owners).select('owner').groupBy('owner');
    for (const row of found as Record<string, unknown>[]) byOwner.set(Number(row.owner), value(row.n));
  }
  const [total] = (await rows()) as Record<string, unknown>[];
  return { byOwner, inScope: value(total?.n) };
}

/** Targets sharing a metric and a period: one query for all their owners, one for the unowned ones. */
async function metricValues(
  ctx: AnalyticsContext,
  metric: string,
  start: Date,
  end: Date,
  owners: number[],
  unowned: boolean
): Promise<{ byOwner: Map<number, number>; inScope: number }> {
  if (dailyAvailable(ctx) && metric in METRIC_FACTS)
    return valuesFromRollup(ctx, metric, { start, end }, owners);
  const byOwner = new Map<number, number>();
  let inScope = 0;
  const owned = metricRecords(ctx, metric, start, end);
  if (owned === null) return { byOwner, inScope };
  if (owners.length > 0) {
    const { owner, recordId } = owned;
    owned.query
      .join({ mo: owner.table }, `mo.${owner.from}`, recordId)
      .whereIn(`mo.${owner.to}`, owners)
      .select({ owner: `mo.${owner.to}` })
      .groupBy(`mo.${owner.to}`);
    for (const row of (await measure(owned)) as Record<string, unknown>[])
      byOwner.set(Number(row.owner), valueOf(owned, row.n));
  }
  if (unowned) {
    const scoped = metricRecords(ctx, metric, start, end)!;
    ctx.scoped(scoped.query, scoped.recordId, scoped.owner);
    const [row] = (await measure(scoped)) as Record<string, unknown>[];
    inScope = valueOf(scoped, row?.n);
  }
  return { byOwner, inScope };
}

/**
 * target-progress: the targets whose period overlaps the quarter and whose owner is in scope (or
 * that have none), each with its metric over its own period — for its owner, else over the scope.
 */
export async function targetProgress(ctx: AnalyticsContext) {
  const { knex, crm, period } = ctx;
  const today = DateTime.fromJSDate(period.now, { zone: period.zone });
  const year: number = ctx.params.year ?? today.year;
  const quarter = ctx.params.quarter ? QUARTERS.indexOf(ctx.params.quarter) + 1 : today.quarter;
  const first = DateTime.fromObject({ year, month: (quarter - 1) * 3 + 1, day: 1 }, { zone: period.zone });
  const last = first.plus({ months: 3 }).minus({ days: 1 });

  const targets = from(knex, crm, 'target', 't');
  const owner = targets.model.link('owner');
  targets.query
    .where(targets.col('periodStart'), '<=', last.toISODate()!)
    .where(targets.col('periodEnd'), '>=', first.toISODate()!)
    .leftJoin({ towner: owner.table }, `towner.${owner.from}`, 't.id')
    .select({
      id: 't.id',
      target_id: `t.${targets.model.documentIdColumn}`,
      name: targets.col('name'),
      metric: targets.col('metric'),
      target_value: targets.col('targetValue'),
      unit: targets.col('unit'),
      period_start: targets.col('periodStart'),
      period_end: targets.col('periodEnd'),
      owner_id: `towner.${owner.to}`,
    })
    .orderBy([
      { column: targets.col('periodStart'), order: 'asc' },
      { column: targets.col('name'), order: 'asc' },
      { column: 't.id', order: 'asc' },
    ]);
  if (ctx.scope !== 'all') {
    const owned = knex.from({ any_owner: owner.table }).select(`any_owner.${owner.from}`);
    targets.query.where((where) =>
      where
        .whereNotIn('t.id', owned)
        .orWhereIn('t.id', ctx.scoped(knex.from({ tt: targets.model.table }).select('tt.id'), 'tt.id', owner))
    );
  }
  const rows: TargetRow[] = await targets.query;

  const day = (value: unknown) => String(value instanceof Date ? value.toISOString() : value).slice(0, 10);
  const hasOwner = (row: TargetRow) => row.owner_id !== null && row.owner_id !== undefined;
  const groups = new Map<string, TargetRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([String(row.metric), day(row.period_start), day(row.period_end)]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const values = new Map<TargetRow, number>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const [first] = group;
      const start = DateTime.fromISO(day(first.period_start), { zone: period.zone }).toJSDate();
      const end = DateTime.fromISO(day(first.period_end), { zone: period.zone }).plus({ days: 1 }).toJSDate();
      const owners = [...new Set(group.filter(hasOwner).map((row) => Number(row.owner_id)))];
      const unowned = group.some((row) => !hasOwner(row));
      const { byOwner, inScope } = await metricValues(ctx, String(first.metric), start, end, owners, unowned);
      for (const row of group)
        values.set(row, hasOwner(row) ? (byOwner.get(Number(row.owner_id)) ?? 0) : inScope);
    })
  );
  return rows.map((row) => {
    const currentValue = values.get(row) ?? 0;
    const targetValue = row.unit === 'currency' ? cents(row.target_value) : num(row.target_value);
    return {
      targetId: row.target_id,
      name: row.name,
      targetValue,
      currentValue,
      progress: targetValue === 0 ? 0 : round1((currentValue / targetValue) * 100),
      unit: row.unit,
    };
  });
}
