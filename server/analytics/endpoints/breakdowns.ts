import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import type { AnalyticsContext } from '../context';
import type { Link } from '../mapping';
import { at, countWhen, from, joinRelated, num, percent, quoted, whereInPeriod, whereOpenLead } from '../sql';
import { scopedLeads, scopedOpportunities } from './overview';
import { dailyAvailable, factRows, factSums, type Fact, type Range } from '../rollups/daily';

/** `column >= start AND column < end` for the request's period. */
const inPeriod = (ctx: AnalyticsContext, query: Knex.QueryBuilder, column: string) =>
  whereInPeriod(query, ctx.dialect, column, ctx.period);

/**
 * Counts by a value, with the total of all the counts, in one statement: by count descending then
 * value (docs/metrics.md's lists), the rows of no value (NULL or empty) last, so the total is
 * known even when no value is. Listed: only values, `limit` of them.
 */
async function countsBy(
  ctx: AnalyticsContext,
  query: Knex.QueryBuilder,
  column: string,
  { limit, counts }: { limit?: number; counts?: string } = {}
) {
  const { knex } = ctx;
  // rows that are counts already (the daily rollup's) are summed
  const grouped = (counts ? query.sum({ n: counts }) : query.count({ n: '*' }))
    .select({ value: column })
    .groupBy(column);
  const rows: Record<string, unknown>[] = await knex
    .from(grouped.as('g'))
    .select('value', 'n', knex.raw('SUM(n) OVER () AS total'))
    .orderByRaw("CASE WHEN value IS NULL OR value = '' THEN 1 ELSE 0 END")
    .orderBy([
      { column: 'n', order: 'desc' },
      { column: 'value', order: 'asc' },
    ]);
  const listed = rows.filter((row) => row.value !== null && row.value !== '');
  return {
    total: num(rows[0]?.total),
    rows: limit === undefined ? listed : listed.slice(0, limit),
  };
}

/** Rows counted by a column: the live records' (filtered by `where`), else the daily rollup's by dimension. */
function countsOfFact(
  ctx: AnalyticsContext,
  fact: Fact,
  live: () => { query: Knex.QueryBuilder; column: string }
) {
  if (dailyAvailable(ctx)) return countsBy(ctx, factRows(ctx, fact, ctx.period), 'f.dim', { counts: 'f.n' });
  const { query, column } = live();
  return countsBy(ctx, query, column);
}

/** lead-sources: the period's leads in scope by source, with their share of all the period's leads. */
export async function leadSources(ctx: AnalyticsContext) {
  const { total, rows } = await countsOfFact(ctx, 'lead-source', () => {
    const leads = scopedLeads(ctx);
    return { query: inPeriod(ctx, leads.query, leads.col('createdAt')), column: leads.col('source') };
  });
  return rows.map((row) => ({
    source: row.value,
    count: num(row.n),
    percentage: percent(num(row.n), total),
  }));
}

/** Activities in scope: by who performed them. */
function scopedActivities(ctx: AnalyticsContext, alias = 'a') {
  const activities = from(ctx.knex, ctx.crm, 'activity', alias);
  ctx.scoped(activities.query, `${alias}.id`, activities.model.link('performedBy'));
  return activities;
}

/** activities-summary: the period's activities in scope, in all and by type. */
export async function activitiesSummary(ctx: AnalyticsContext) {
  const { total, rows } = await countsOfFact(ctx, 'activity', () => {
    const activities = scopedActivities(ctx);
    return {
      query: inPeriod(ctx, activities.query, activities.col('createdAt')),
      column: activities.col('type'),
    };
  });
  return {
    totalActivities: total,
    byType: rows.map((row) => ({ type: row.value, count: num(row.n) })),
  };
}

/**
 * win-loss-analysis: deals won and lost in the period, the win rate and the top five reasons each
 * way, in one statement: counts by outcome and reason, ranked within each outcome.
 */
export async function winLossAnalysis(ctx: AnalyticsContext) {
  const { knex } = ctx;
  const byReason = dailyAvailable(ctx) ? reasonsFromRollup(ctx) : liveReasons(ctx);
  const noReason = "CASE WHEN reason IS NULL OR reason = '' THEN 1 ELSE 0 END";
  const ranked = knex
    .from(byReason.as('r'))
    .select('outcome', 'reason', 'n')
    .select(
      knex.raw(
        `SUM(n) OVER (PARTITION BY outcome) AS total, ` +
          `ROW_NUMBER() OVER (PARTITION BY outcome ORDER BY ${noReason}, n DESC, reason) AS place`
      )
    );
  const rows: Record<string, unknown>[] = await knex
    .from(ranked.as('x'))
    .select('*')
    .where('place', '<=', 5)
    .orderBy([
      { column: 'outcome', order: 'asc' },
      { column: 'place', order: 'asc' },
    ]);
  const of = (outcome: string) => rows.filter((row) => row.outcome === outcome);
  const count = (outcome: string) => num(of(outcome)[0]?.total);
  const reasons = (outcome: string) =>
    of(outcome)
      .filter((row) => row.reason !== null && row.reason !== '')
      .map((row) => ({ reason: row.reason, count: num(row.n) }));
  const [wonCount, lostCount] = [count('won'), count('lost')];
  return {
    wonCount,
    lostCount,
    winRate: percent(wonCount, wonCount + lostCount),
    topWinReasons: reasons('won'),
    topLossReasons: reasons('lost'),
  };
}

/** Won and lost deals closed in the period: (outcome, reason, n). */
function liveReasons(ctx: AnalyticsContext) {
  const { knex } = ctx;
  const deals = scopedOpportunities(ctx);
  inPeriod(ctx, deals.query, deals.col('closedAt'))
    .whereIn(deals.kind, ['won', 'lost'])
    .select({ outcome: deals.kind })
    .select(
      knex.raw("CASE WHEN ?? = 'won' THEN ?? ELSE ?? END AS reason", [
        deals.kind,
        deals.col('winReason'),
        deals.col('lossReason'),
      ])
    );
  return knex
    .from(deals.query.as('d'))
    .select('outcome', 'reason')
    .count({ n: '*' })
    .groupBy('outcome', 'reason');
}

/** The same from the daily rollup (sum_a of a reason: the deals won with it; the others were lost). */
function reasonsFromRollup(ctx: AnalyticsContext) {
  const { knex } = ctx;
  const counted = (outcome: 'won' | 'lost') => {
    const n = outcome === 'won' ? 'SUM(sum_a)' : 'SUM(n) - SUM(sum_a)';
    return knex
      .from(factRows(ctx, 'deal-reason', ctx.period).as('f'))
      .select(knex.raw(`'${outcome}' AS outcome, dim AS reason, ${n} AS n`))
      .groupBy('dim')
      .havingRaw(`${n} > 0`);
  };
  // each part in a subquery: knex writes a UNION before the GROUP BY of the query it is added to
  const part = (outcome: 'won' | 'lost') => knex.from(counted(outcome).as(outcome)).select('*');
  return knex.from(part('won').unionAll(part('lost'), false).as('u')).select('outcome', 'reason', 'n');
}

const AGE_RANGES: [string, number][] = [
  ['0-7 days', 8],
  ['8-14 days', 15],
  ['15-30 days', 31],
  ['31-60 days', 61],
];

/** lead-aging: open leads in scope by whole days since creation, every range listed. */
export async function leadAging(ctx: AnalyticsContext) {
  const counts = dailyAvailable(ctx) ? await agesFromRollup(ctx) : await liveAges(ctx);
  return [...AGE_RANGES.map(([label]) => label), '60+ days'].map((ageRange, index) => ({
    ageRange,
    count: counts[index] ?? 0,
  }));
}

/** Open leads per age range from the daily rollup: range i is (now − its days, now − the previous range's days]. */
async function agesFromRollup(ctx: AnalyticsContext): Promise<number[]> {
  const { period } = ctx;
  const since = (days: number) => new Date(period.now.getTime() - days * 86_400_000);
  const bounds = [null, ...AGE_RANGES.map(([, days]) => since(days)), null];
  const ranges = bounds
    .slice(0, -1)
    .map((end, index): [Fact, Range] => [
      'lead-open',
      { start: bounds[index + 1], end, startExclusive: true, endInclusive: true },
    ]);
  return (await factSums(ctx, ranges)).map((sums) => sums.n);
}

/** Open leads per age range, from the leads. */
async function liveAges(ctx: AnalyticsContext): Promise<number[]> {
  const { knex, dialect, period } = ctx;
  const leads = scopedLeads(ctx);
  const status = leads.col('status');
  whereOpenLead(leads.query, status);
  const created = quoted(knex, leads.col('createdAt'));
  // a lead is at most N whole days old when it was created after now − (N + 1) days
  const since = (days: number) => at(dialect, new Date(period.now.getTime() - days * 86_400_000));
  const cases = AGE_RANGES.map((_range, index) => `WHEN ${created} > ? THEN ${index}`).join(' ');
  const rows = await knex
    .from(
      leads.query
        .select(
          knex.raw(
            `CASE ${cases} ELSE ${AGE_RANGES.length} END AS age_range`,
            AGE_RANGES.map(([, days]) => since(days))
          )
        )
        .as('aged')
    )
    .select('age_range')
    .count({ n: '*' })
    .groupBy('age_range');
  const counts: number[] = [];
  for (const row of rows as Record<string, unknown>[]) counts[num(row.age_range)] = num(row.n);
  return counts;
}

/** Tasks in scope: by owner. */
function scopedTasks(ctx: AnalyticsContext, alias = 't') {
  const tasks = from(ctx.knex, ctx.crm, 'task', alias);
  ctx.scoped(tasks.query, `${alias}.id`, tasks.model.link('owner'));
  return tasks;
}

/** tasks-summary: overdue, due today and this week (from now, in the zone), completed, completion rate. */
export async function tasksSummary(ctx: AnalyticsContext) {
  const { knex, dialect, period } = ctx;
  const local = DateTime.fromJSDate(period.now, { zone: period.zone });
  const endOfToday = local.startOf('day').plus({ days: 1 }).toJSDate();
  const endOfWeek = local.startOf('week').plus({ weeks: 1 }).toJSDate();
  if (dailyAvailable(ctx)) {
    const [overdue, dueToday, dueThisWeek, dueInPeriod, completed] = await factSums(ctx, [
      ['task-due', { start: null, end: period.now }],
      ['task-due', { start: period.now, end: endOfToday }],
      ['task-due', { start: period.now, end: endOfWeek }],
      ['task-due', period],
      ['task-done', period],
    ]);
    // sum_b: the open ones; sum_a: the completed ones
    return {
      overdue: overdue.sum_b,
      dueToday: dueToday.sum_b,
      dueThisWeek: dueThisWeek.sum_b,
      completedThisPeriod: completed.n,
      completionRate: percent(dueInPeriod.sum_a, dueInPeriod.n),
    };
  }
  const tasks = scopedTasks(ctx);
  const [due, done] = [quoted(knex, tasks.col('dueAt')), quoted(knex, tasks.col('completedAt'))];
  const [now, start, end] = [period.now, period.start, period.end].map((date) => at(dialect, date));
  const open = `${done} IS NULL`;
  const [row] = await tasks.query.select(
    knex.raw(
      `${countWhen(`${open} AND ${due} < ?`)} AS overdue, ` +
        `${countWhen(`${open} AND ${due} >= ? AND ${due} < ?`)} AS due_today, ` +
        `${countWhen(`${open} AND ${due} >= ? AND ${due} < ?`)} AS due_this_week, ` +
        `${countWhen(`${done} >= ? AND ${done} < ?`)} AS completed, ` +
        `${countWhen(`${due} >= ? AND ${due} < ?`)} AS due_in_period, ` +
        `${countWhen(`${due} >= ? AND ${due} < ? AND ${done} IS NOT NULL`)} AS due_and_done`,
      [now, now, at(dialect, endOfToday), now, at(dialect, endOfWeek), start, end, start, end, start, end]
    )
  );
  return {
    overdue: num(row.overdue),
    dueToday: num(row.due_today),
    dueThisWeek: num(row.due_this_week),
    completedThisPeriod: num(row.completed),
    completionRate: percent(num(row.due_and_done), num(row.due_in_period)),
  };
}

/** The name of a user through a record's link to it (null when there is none). */
function withUserName(ctx: AnalyticsContext, query: Knex.QueryBuilder, alias: string, link: Link) {
  const users = ctx.crm.get('user');
  joinRelated(query, alias, link, users.table, 'u');
  return `u.${users.column('name')}`;
}

const iso = (value: unknown) =>
  value === null || value === undefined
    ? null
    : (value instanceof Date ? value : new Date(value as string | number)).toISOString();

/** recent-activities: the newest activities in scope (a snapshot: not limited by the period). */
export async function recentActivities(ctx: AnalyticsContext) {
  const activities = scopedActivities(ctx);
  const performer = withUserName(ctx, activities.query, 'a', activities.model.link('performedBy'));
  const rows = await activities.query
    .select({
      id: `a.${activities.model.documentIdColumn}`,
      activity_type: activities.col('type'),
      title: activities.col('title'),
      entity_type: activities.col('entityType'),
      entity_id: activities.col('entityId'),
      entity_name: activities.col('entityName'),
      performed_by: performer,
      created_at: activities.col('createdAt'),
    })
    .orderBy([
      { column: activities.col('createdAt'), order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ])
    .limit(ctx.params.limit ?? 20);
  return rows.map((row: Record<string, unknown>) => ({
    id: row.id,
    activityType: row.activity_type,
    title: row.title,
    entityType: row.entity_type,
    entityId: row.entity_id,
    entityName: row.entity_name,
    performedBy: row.performed_by ?? null,
    createdAt: iso(row.created_at),
  }));
}

/** upcoming-tasks: open tasks in scope due from now to now + `days`, soonest first. */
export async function upcomingTasks(ctx: AnalyticsContext) {
  const { dialect, period } = ctx;
  const tasks = scopedTasks(ctx);
  const owner = withUserName(ctx, tasks.query, 't', tasks.model.link('owner'));
  const until = new Date(period.now.getTime() + (ctx.params.days ?? 7) * 86_400_000);
  const rows = await tasks.query
    .whereNull(tasks.col('completedAt'))
    .where(tasks.col('dueAt'), '>=', at(dialect, period.now))
    .where(tasks.col('dueAt'), '<=', at(dialect, until))
    .select({
      id: `t.${tasks.model.documentIdColumn}`,
      title: tasks.col('title'),
      due_at: tasks.col('dueAt'),
      entity_type: tasks.col('entityType'),
      entity_id: tasks.col('entityId'),
      owner_name: owner,
    })
    .orderBy([
      { column: tasks.col('dueAt'), order: 'asc' },
      { column: 't.id', order: 'asc' },
    ])
    .limit(ctx.params.limit ?? 10);
  return rows.map((row: Record<string, unknown>) => ({
    id: row.id,
    title: row.title,
    dueAt: iso(row.due_at),
    entityType: row.entity_type,
    entityId: row.entity_id,
    ownerName: row.owner_name ?? null,
  }));
}
