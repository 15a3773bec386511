import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import type { AnalyticsContext } from '../context';
import type { Link } from '../mapping';
import { at, cents, from, linkedTo, num, round1 } from '../sql';

export const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;

type Restrict = (query: Knex.QueryBuilder, recordId: string, owner: Link) => Knex.QueryBuilder;

/** A target's metric over [start, end), for the records `restrict` keeps. */
async function metricValue(
  ctx: AnalyticsContext,
  metric: string,
  start: Date,
  end: Date,
  restrict: Restrict
) {
  const { knex, dialect, crm } = ctx;
  const inRange = (query: Knex.QueryBuilder, column: string) =>
    query.where(column, '>=', at(dialect, start) as any).where(column, '<', at(dialect, end) as any);
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
      restrict(inRange(deals.query, deals.col('closedAt')), 'o.id', deals.model.link('owner'));
      const [row] = await deals.query.count({ n: '*' }).sum({ total: deals.col('amount') });
      return metric === 'revenue' ? cents(row.total) : num(row.n);
    }
    case 'leads_created': {
      const leads = from(knex, crm, 'lead', 'l');
      restrict(inRange(leads.query, leads.col('createdAt')), 'l.id', leads.model.link('owner'));
      const [row] = await leads.query.count({ n: '*' });
      return num(row.n);
    }
    case 'activities': {
      const activities = from(knex, crm, 'activity', 'a');
      restrict(
        inRange(activities.query, activities.col('createdAt')),
        'a.id',
        activities.model.link('performedBy')
      );
      const [row] = await activities.query.count({ n: '*' });
      return num(row.n);
    }
    default:
      return 0;
  }
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
  const rows = (await targets.query) as Record<string, any>[];

  const day = (value: unknown) => String(value instanceof Date ? value.toISOString() : value).slice(0, 10);
  return Promise.all(
    rows.map(async (row) => {
      const start = DateTime.fromISO(day(row.period_start), { zone: period.zone }).toJSDate();
      const end = DateTime.fromISO(day(row.period_end), { zone: period.zone }).plus({ days: 1 }).toJSDate();
      const restrict: Restrict =
        row.owner_id === null || row.owner_id === undefined
          ? ctx.scoped
          : (query, recordId, link) => linkedTo(knex, query, recordId, link, row.owner_id);
      const currentValue = await metricValue(ctx, String(row.metric), start, end, restrict);
      const targetValue = row.unit === 'currency' ? cents(row.target_value) : num(row.target_value);
      return {
        targetId: row.target_id,
        name: row.name,
        targetValue,
        currentValue,
        progress: targetValue === 0 ? 0 : round1((currentValue / targetValue) * 100),
        unit: row.unit,
      };
    })
  );
}
