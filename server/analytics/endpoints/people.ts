import type { Knex } from 'knex';
import type { AnalyticsContext } from '../context';
import type { Link } from '../mapping';
import {
  at,
  cents,
  countWhen,
  datetimeParameter,
  daysBetween,
  from,
  num,
  percent,
  quoted,
  whereInPeriod,
} from '../sql';
import { scopedLeads, scopedOpportunities } from './overview';
import { dailyAvailable, factRows, factTotals, type Range } from '../rollups/daily';

/** sla-compliance: the period's leads with an SLA, within it, at risk (≤ 20% of the window left) or breached. */
export async function slaCompliance(ctx: AnalyticsContext) {
  const { knex, dialect, period } = ctx;
  const leads = scopedLeads(ctx);
  const [created, due, answered] = [
    leads.col('createdAt'),
    leads.col('slaDueAt'),
    leads.col('firstResponseAt'),
  ].map((column) => quoted(knex, column));
  whereInPeriod(leads.query.whereNotNull(leads.col('slaDueAt')), dialect, leads.col('createdAt'), period);
  const now = at(dialect, period.now);
  const atRiskSql = `${answered} IS NULL AND ${due} >= ? AND ${daysBetween(dialect, datetimeParameter(dialect), due)} <= 0.2 * ${daysBetween(dialect, created, due)}`;
  if (dailyAvailable(ctx)) {
    // answered late or in time, from the rollup; of the unanswered, those not yet due (a few, on
    // the due-time index) are at risk or within, the others breached
    const sla = await factTotals(ctx, 'lead-sla', period);
    const [notDue] = await leads.query
      .whereNull(leads.col('firstResponseAt'))
      .where(leads.col('slaDueAt'), '>=', now)
      .select(knex.raw(`COUNT(*) AS total, ${countWhen(atRiskSql)} AS at_risk`, [now, now]));
    const count = (dim: string) => sla.get(dim)?.n ?? 0;
    const total = count('') + count('late') + count('open');
    const atRisk = num(notDue.at_risk);
    const breached = count('late') + count('open') - num(notDue.total);
    const withinSla = total - breached - atRisk;
    return { withinSla, atRisk, breached, complianceRate: percent(withinSla, total) };
  }
  const [row] = await leads.query.select(
    knex.raw(
      `COUNT(*) AS total, ` +
        `${countWhen(`(${answered} IS NOT NULL AND ${answered} > ${due}) OR (${answered} IS NULL AND ${due} < ?)`)} AS breached, ` +
        `${countWhen(atRiskSql)} AS at_risk`,
      [now, now, now]
    )
  );
  const [total, breached, atRisk] = [num(row.total), num(row.breached), num(row.at_risk)];
  const withinSla = total - breached - atRisk;
  return { withinSla, atRisk, breached, complianceRate: percent(withinSla, total) };
}

const PERFORMER_METRICS = ['deals_won', 'revenue', 'leads_created', 'activities'] as const;
export const performerMetricSchema = PERFORMER_METRICS;
export type PerformerMetric = (typeof PERFORMER_METRICS)[number];

/** top-performers: owners in scope ranked by `metricKey` (only those with a value above 0). */
export async function topPerformers(ctx: AnalyticsContext) {
  const { knex } = ctx;
  const metric: PerformerMetric = ctx.params.metricKey ?? 'deals_won';
  const performers = dailyAvailable(ctx) ? performersFromRollup(ctx, metric) : livePerformers(ctx, metric);
  const rows = await knex
    .from(performers.as('performers'))
    .select('*')
    .where('value', '>', 0)
    .orderBy([
      { column: 'value', order: 'desc' },
      { column: 'amount', order: 'desc' },
      { column: 'user_name', order: 'asc' },
    ])
    .limit(ctx.params.limit ?? 10);
  return rows.map((row: Record<string, unknown>) => ({
    userId: row.user_id,
    userName: row.user_name,
    avatar: row.avatar ?? null,
    value: metric === 'revenue' ? cents(row.value) : num(row.value),
    amount: cents(row.amount),
  }));
}

/** Selects each user's identity (id, name, avatar when mapped) and groups by it: users as `u`. */
function byUser(ctx: AnalyticsContext, query: Knex.QueryBuilder) {
  const users = ctx.crm.get('user');
  const name = `u.${users.column('name')}`;
  query
    .select({ user_id: `u.${users.documentIdColumn}`, user_name: name })
    .groupBy('u.id', `u.${users.documentIdColumn}`, name);
  if (ctx.crm.mapping.user.fields.avatar)
    query.select({ avatar: `u.${users.column('avatar')}` }).groupBy(`u.${users.column('avatar')}`);
  return query;
}

/** Each owner's value and amount from the daily rollup. */
function performersFromRollup(ctx: AnalyticsContext, metric: PerformerMetric) {
  const { knex } = ctx;
  const deals = metric === 'deals_won' || metric === 'revenue';
  const fact = deals ? 'deal-closed' : metric === 'leads_created' ? 'lead' : 'activity';
  const query = knex
    .from(factRows(ctx, fact, ctx.period, { perOwner: true }).as('f'))
    .join({ u: ctx.crm.get('user').table }, 'u.id', 'f.owner')
    .select(
      knex.raw(
        `SUM(${metric === 'revenue' ? 'f.sum_a' : 'f.n'}) AS value, ${deals ? 'SUM(f.sum_a)' : '0'} AS amount`
      )
    );
  if (deals) query.where('f.dim', 'won');
  return byUser(ctx, query);
}

/** Each owner's value and amount from the records. */
function livePerformers(ctx: AnalyticsContext, metric: PerformerMetric) {
  const { knex, dialect, period, crm } = ctx;
  let records: { query: Knex.QueryBuilder; owner: Link; alias: string };
  let value: Knex.Raw;
  let amount: Knex.Raw;
  if (metric === 'deals_won' || metric === 'revenue') {
    const deals = scopedOpportunities(ctx);
    whereInPeriod(deals.query.where(deals.kind, 'won'), dialect, deals.col('closedAt'), period);
    const sum = knex.raw('SUM(??)', [deals.col('amount')]);
    records = { query: deals.query, owner: deals.model.link('owner'), alias: 'o' };
    value = metric === 'revenue' ? sum : knex.raw('COUNT(*)');
    amount = sum;
  } else {
    const rows =
      metric === 'leads_created'
        ? (() => {
            const leads = scopedLeads(ctx);
            return { ...leads, owner: leads.model.link('owner'), alias: 'l' };
          })()
        : (() => {
            const activities = from(knex, crm, 'activity', 'a');
            ctx.scoped(activities.query, 'a.id', activities.model.link('performedBy'));
            return { ...activities, owner: activities.model.link('performedBy'), alias: 'a' };
          })();
    whereInPeriod(rows.query, dialect, rows.col('createdAt'), period);
    records = { query: rows.query, owner: rows.owner, alias: rows.alias };
    value = knex.raw('COUNT(*)');
    amount = knex.raw('0');
  }
  records.query
    .join({ owner_lnk: records.owner.table }, `owner_lnk.${records.owner.from}`, `${records.alias}.id`)
    .join({ u: crm.get('user').table }, 'u.id', `owner_lnk.${records.owner.to}`)
    .select(knex.raw('? AS value, ? AS amount', [value, amount]));
  return byUser(ctx, records.query);
}

export const SCORE_METRICS = {
  leads_created: 'Leads Created',
  deals_won: 'Deals Won',
  deals_lost: 'Deals Lost',
  revenue: 'Revenue',
  win_rate: 'Win Rate',
  conversion_rate: 'Conversion Rate',
  average_deal_size: 'Average Deal Size',
  activities: 'Activities',
  tasks_completed: 'Tasks Completed',
} as const;
export type ScoreMetric = keyof typeof SCORE_METRICS;

/** score-card's rows of figures (`name_0` for the period, `name_1` for the one before) from the daily rollup. */
async function scoreRowsFromRollup(
  ctx: AnalyticsContext,
  ranges: Range[],
  needs: (...names: ScoreMetric[]) => boolean
) {
  const leadRow: Record<string, unknown> = {};
  const dealRow: Record<string, unknown> = {};
  const activityRow: Record<string, unknown> = {};
  const taskRow: Record<string, unknown> = {};
  for (const [index, range] of ranges.entries()) {
    if (needs('leads_created', 'conversion_rate')) {
      const leads = (await factTotals(ctx, 'lead', range)).get('');
      leadRow[`created_${index}`] = leads?.n;
      leadRow[`converted_${index}`] = leads?.sum_a;
    }
    if (needs('deals_won', 'deals_lost', 'revenue', 'win_rate', 'average_deal_size')) {
      const deals = await factTotals(ctx, 'deal-closed', range);
      dealRow[`won_${index}`] = deals.get('won')?.n;
      dealRow[`lost_${index}`] = deals.get('lost')?.n;
      dealRow[`revenue_${index}`] = deals.get('won')?.sum_a;
    }
    if (needs('activities')) {
      const byType = await factTotals(ctx, 'activity', range);
      activityRow[`activities_${index}`] = [...byType.values()].reduce((sum, row) => sum + row.n, 0);
    }
    if (needs('tasks_completed'))
      taskRow[`done_${index}`] = (await factTotals(ctx, 'task-done', range)).get('')?.n;
  }
  return { leadRow, dealRow, activityRow, taskRow };
}

/** score-card: each metric for the period and the one before it (as many days), with the change. */
export async function scoreCard(ctx: AnalyticsContext) {
  const { knex, dialect, period, crm } = ctx;
  const metrics: ScoreMetric[] = ctx.params.metrics ?? ['leads_created', 'deals_won', 'revenue'];
  const ranges = [
    [period.start, period.end],
    [period.previous.start, period.previous.end],
  ].map(([start, end]) => [at(dialect, start), at(dialect, end)]);
  /** `name_0` for the period and `name_1` for the previous one, of a condition on `column` in range. */
  const both = (
    name: string,
    column: string,
    extra = '',
    aggregate = (condition: string) => countWhen(condition)
  ) =>
    ranges
      .map((_, index) => `${aggregate(`${column} >= ? AND ${column} < ?${extra}`)} AS ${name}_${index}`)
      .join(', ');
  const bindings = (extra: unknown[] = []) => ranges.flatMap((range) => [...range, ...extra]);

  // each table is read only when a metric asked for needs it, and only over the two periods
  const needs = (...names: ScoreMetric[]) => names.some((name) => metrics.includes(name));
  const overBoth = (query: Knex.QueryBuilder, column: string) =>
    whereInPeriod(query, dialect, column, { start: period.previous.start, end: period.end });
  /** The first row of `query()` when a metric asked for needs it; else no figures, and no query. */
  const rowOf = async (needed: boolean, query: () => Knex.QueryBuilder): Promise<Record<string, unknown>> =>
    needed ? ((await query()) as Record<string, unknown>[])[0] : {};

  const fromRollup = dailyAvailable(ctx)
    ? await scoreRowsFromRollup(ctx, [period, period.previous], needs)
    : null;
  const leadRow =
    fromRollup?.leadRow ??
    (await rowOf(needs('leads_created', 'conversion_rate'), () => {
      const leads = scopedLeads(ctx);
      const created = quoted(knex, leads.col('createdAt'));
      overBoth(leads.query, leads.col('createdAt'));
      leads.query.select(knex.raw(both('created', created), bindings()));
      // the conversion needs each lead's row; the count alone is read from the date's index
      if (needs('conversion_rate')) {
        const converted = ` AND ${quoted(knex, leads.col('convertedAt'))} IS NOT NULL`;
        leads.query.select(knex.raw(both('converted', created, converted), bindings()));
      }
      return leads.query;
    }));
  const dealRow =
    fromRollup?.dealRow ??
    (await rowOf(needs('deals_won', 'deals_lost', 'revenue', 'win_rate', 'average_deal_size'), () => {
      const deals = scopedOpportunities(ctx);
      const [closed, kind, amount] = [
        quoted(knex, deals.col('closedAt')),
        quoted(knex, deals.kind),
        quoted(knex, deals.col('amount')),
      ];
      overBoth(deals.query.whereIn(deals.kind, ['won', 'lost']), deals.col('closedAt'));
      return deals.query.select(
        knex.raw(
          `${both('won', closed, ` AND ${kind} = ?`)}, ${both('lost', closed, ` AND ${kind} = ?`)}, ` +
            both(
              'revenue',
              closed,
              ` AND ${kind} = ?`,
              (condition) => `SUM(CASE WHEN ${condition} THEN ${amount} ELSE 0 END)`
            ),
          [...bindings(['won']), ...bindings(['lost']), ...bindings(['won'])]
        )
      );
    }));
  const activityRow =
    fromRollup?.activityRow ??
    (await rowOf(needs('activities'), () => {
      const activities = from(knex, crm, 'activity', 'a');
      ctx.scoped(activities.query, 'a.id', activities.model.link('performedBy'));
      overBoth(activities.query, activities.col('createdAt'));
      return activities.query.select(
        knex.raw(both('activities', quoted(knex, activities.col('createdAt'))), bindings())
      );
    }));
  const taskRow =
    fromRollup?.taskRow ??
    (await rowOf(needs('tasks_completed'), () => {
      const tasks = from(knex, crm, 'task', 't');
      ctx.scoped(tasks.query, 't.id', tasks.model.link('owner'));
      overBoth(tasks.query, tasks.col('completedAt'));
      return tasks.query.select(knex.raw(both('done', quoted(knex, tasks.col('completedAt'))), bindings()));
    }));

  const value = (metric: ScoreMetric, index: number): number => {
    const at = (row: Record<string, unknown>, name: string) => num(row[`${name}_${index}`]);
    switch (metric) {
      case 'leads_created':
        return at(leadRow, 'created');
      case 'deals_won':
        return at(dealRow, 'won');
      case 'deals_lost':
        return at(dealRow, 'lost');
      case 'revenue':
        return cents(at(dealRow, 'revenue'));
      case 'win_rate':
        return percent(at(dealRow, 'won'), at(dealRow, 'won') + at(dealRow, 'lost'));
      case 'conversion_rate':
        return percent(at(leadRow, 'converted'), at(leadRow, 'created'));
      case 'average_deal_size':
        return at(dealRow, 'won') === 0 ? 0 : cents(at(dealRow, 'revenue') / at(dealRow, 'won'));
      case 'activities':
        return at(activityRow, 'activities');
      case 'tasks_completed':
        return at(taskRow, 'done');
    }
  };
  return metrics.map((metric) => {
    const [current, previous] = [value(metric, 0), value(metric, 1)];
    const change =
      previous === 0 ? (current > 0 ? 100 : 0) : Math.round(((current - previous) / previous) * 1000) / 10;
    return {
      metric,
      label: SCORE_METRICS[metric],
      value: current,
      previousPeriod: previous,
      change,
      trend: current > previous ? 'up' : current < previous ? 'down' : 'flat',
    };
  });
}
