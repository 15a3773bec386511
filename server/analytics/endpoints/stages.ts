import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { bucketsBetween, type BucketUnit } from '../../query/buckets';
import { bucketIndexSql, type BucketBound } from '../../query/content-sql';
import type { AnalyticsContext } from '../context';
import {
  at,
  cents,
  daysBetween,
  from,
  joinRelated,
  linkedTo,
  num,
  percent,
  proposalStages,
  quoted,
  round1,
  whereInPeriod,
} from '../sql';
import { scopedLeads, scopedOpportunities } from './overview';
import { DAY_MS, dailyAvailable, factRows } from '../rollups/daily';

const UNITS: Record<string, [BucketUnit, string]> = {
  daily: ['day', 'yyyy-MM-dd'],
  weekly: ['week', "kkkk-'W'WW"],
  monthly: ['month', 'yyyy-MM'],
  quarterly: ['quarter', "yyyy-'Q'q"],
};
export const TREND_PERIODS = Object.keys(UNITS) as ['daily', 'weekly', 'monthly', 'quarterly'];
export type TrendPeriod = (typeof TREND_PERIODS)[number];

/** The SQL of a value's bucket index (0 … n−1) over sorted bucket starts. */
const bucketOf = (knex: Knex, column: string, starts: BucketBound[]) => {
  const [sql, bindings] = bucketIndexSql(column, starts, 0, starts.length - 1);
  return knex.raw(`${sql} AS b`, bindings);
};

/** Won and lost amounts per bucket (b) and kind, from the deals closed in the period. */
async function closedByBucket(ctx: AnalyticsContext, starts: BucketBound[]) {
  const { knex, dialect, period } = ctx;
  const closed = scopedOpportunities(ctx);
  whereInPeriod(closed.query, dialect, closed.col('closedAt'), period)
    .whereIn(closed.kind, ['won', 'lost'])
    .select(bucketOf(knex, closed.col('closedAt'), starts), {
      kind: closed.kind,
      amount: closed.col('amount'),
    });
  return knex.from(closed.query.as('d')).select('b', 'kind').sum({ total: 'amount' }).groupBy('b', 'kind');
}

/** revenue-trend: won and lost amounts by close date, and open amounts by expected close date, per bucket. */
export async function revenueTrend(ctx: AnalyticsContext) {
  const { knex, dialect, period } = ctx;
  const [unit, format] = UNITS[ctx.params.period ?? 'monthly'];
  const buckets = bucketsBetween(period.start, new Date(period.end.getTime() - 1), unit, period.zone);
  const starts = buckets.starts.map((start) => at(dialect, start));

  // expected close dates are calendar dates: compared with the buckets' first days in the zone
  const day = (date: Date) => DateTime.fromJSDate(date, { zone: period.zone }).toISODate()!;
  let closedRows: unknown[];
  let openRows: unknown[];
  if (dailyAvailable(ctx)) {
    // the rollup's days are UTC days: closed deals bucketed by day where the buckets start on UTC midnights
    const utcBuckets = [...buckets.starts, period.end].every((start) => start.getTime() % DAY_MS === 0);
    const dayNumber = (start: Date) => start.getTime() / DAY_MS;
    closedRows = utcBuckets
      ? await knex
          .from(factRows(ctx, 'deal-closed', period).as('d'))
          .whereIn('dim', ['won', 'lost'])
          .select(bucketOf(knex, 'd.day', buckets.starts.map(dayNumber)), { kind: 'dim' })
          .sum({ total: 'sum_a' })
          .groupBy('b', 'kind')
      : await closedByBucket(ctx, starts);
    const calendarDay = (date: Date) => Date.parse(`${day(date)}T00:00:00Z`) / DAY_MS;
    const dates = {
      start: new Date(calendarDay(period.start) * DAY_MS),
      end: new Date(calendarDay(period.end) * DAY_MS),
    };
    openRows = await knex
      .from(factRows(ctx, 'deal-expected', dates).as('d'))
      .select(bucketOf(knex, 'd.day', buckets.starts.map(calendarDay)))
      .sum({ total: 'sum_a' })
      .groupBy('b');
  } else {
    closedRows = await closedByBucket(ctx, starts);
    const open = scopedOpportunities(ctx);
    const expected = open.col('expectedCloseDate');
    open.query
      .where(open.kind, 'open')
      .where(expected, '>=', day(period.start))
      .where(expected, '<', day(period.end))
      .select(bucketOf(knex, expected, buckets.starts.map(day)), { amount: open.col('amount') });
    openRows = await knex.from(open.query.as('d')).select('b').sum({ total: 'amount' }).groupBy('b');
  }

  const trend = buckets.starts.map((start) => ({
    period: DateTime.fromJSDate(start, { zone: period.zone }).toFormat(format),
    wonAmount: 0,
    lostAmount: 0,
    pipelineAmount: 0,
  }));
  for (const row of closedRows as Record<string, unknown>[]) {
    trend[num(row.b)][row.kind === 'won' ? 'wonAmount' : 'lostAmount'] = cents(row.total);
  }
  for (const row of openRows as Record<string, unknown>[])
    trend[num(row.b)].pipelineAmount = cents(row.total);
  return trend;
}

/** `pipelineId`'s opportunity pipeline, else the default one (else the first). */
async function opportunityPipelineId(ctx: AnalyticsContext): Promise<number | null> {
  if (ctx.pipeline?.type === 'opportunity') return ctx.pipeline.id;
  const pipeline = ctx.crm.get('pipeline');
  const row = await ctx.knex
    .from(pipeline.table)
    .select('id')
    .where(pipeline.column('type'), 'opportunity')
    .orderBy([
      { column: pipeline.column('isDefault'), order: 'desc' },
      { column: 'id', order: 'asc' },
    ])
    .first();
  return row ? Number(row.id) : null;
}

/** The stages of a pipeline in order (with their kind and position). */
function stagesOfPipeline(ctx: AnalyticsContext, pipelineId: number) {
  const stages = from(ctx.knex, ctx.crm, 'stage', 'st');
  return linkedTo(ctx.knex, stages.query, 'st.id', stages.model.link('pipeline'), pipelineId)
    .select({
      id: 'st.id',
      stage_id: `st.${stages.model.documentIdColumn}`,
      stage_name: stages.col('name'),
      kind: stages.col('kind'),
      position: stages.col('position'),
    })
    .orderBy([
      { column: stages.col('position'), order: 'asc' },
      { column: 'st.id', order: 'asc' },
    ]);
}

/** deal-velocity: every stage of the pipeline with the mean days of the stints in it that ended in the period. */
export async function dealVelocity(ctx: AnalyticsContext) {
  const pipelineId = await opportunityPipelineId(ctx);
  if (pipelineId === null) return [];
  if (!dailyAvailable(ctx)) return liveVelocity(ctx, pipelineId);
  // the mean over the stints per stage: Σ days ÷ their number, from the daily rollup
  const means: Record<string, unknown>[] = await ctx.knex
    .from(factRows(ctx, 'stint', ctx.period).as('v'))
    .select({ stage: 'dim' })
    .select(ctx.knex.raw('SUM(sum_b) / SUM(n) AS days'))
    .groupBy('dim');
  const days = new Map(means.map((row) => [String(row.stage), num(row.days)]));
  const stages: Record<string, unknown>[] = await stagesOfPipeline(ctx, pipelineId);
  return stages.map((stage) => ({
    stageName: stage.stage_name,
    avgDays: round1(days.get(String(stage.id)) ?? 0),
  }));
}

/** deal-velocity from the stage history. */
async function liveVelocity(ctx: AnalyticsContext, pipelineId: number) {
  const { knex, dialect, period, crm } = ctx;
  const history = from(knex, crm, 'stageHistory', 'h');
  const [entered, exited] = [history.col('enteredAt'), history.col('exitedAt')];
  const toStage = history.model.link('stage');
  const toDeal = history.model.link('opportunity');
  history.query
    .join({ hs: toStage.table }, `hs.${toStage.from}`, 'h.id')
    .join({ hd: toDeal.table }, `hd.${toDeal.from}`, 'h.id');
  whereInPeriod(history.query, dialect, exited, period)
    .select({ stage: `hs.${toStage.to}` })
    .select(knex.raw(`AVG(${daysBetween(dialect, quoted(knex, entered), quoted(knex, exited))}) AS days`))
    .groupBy(`hs.${toStage.to}`);
  ctx.scoped(history.query, `hd.${toDeal.to}`, crm.get('opportunity').link('owner'));
  const rows = await stagesOfPipeline(ctx, pipelineId)
    .leftJoin(history.query.as('v'), 'v.stage', 'st.id')
    .select('v.days');
  return rows.map((row: Record<string, unknown>) => ({
    stageName: row.stage_name,
    avgDays: round1(num(row.days)),
  }));
}

/**
 * Per opportunity: the furthest position among the open or won stages it had a stint in (the
 * deal-reach rollup), the position of its current stage when open or won, and whether it is won
 * now. A stint in a stage reaches every stage before it; lost stages are never "reached"; a won
 * deal reached every stage.
 */
function reachOfDeals(ctx: AnalyticsContext, deals: ReturnType<typeof scopedOpportunities>) {
  const { knex, crm } = ctx;
  const stage = crm.get('stage');
  const [kind, position] = [
    quoted(knex, `s.${stage.column('kind')}`),
    quoted(knex, `s.${stage.column('position')}`),
  ];
  return deals.query
    .leftJoin({ reach: ctx.rollups.dealReach }, 'reach.opportunity', 'o.id')
    .select({ id: 'o.id', furthest: 'reach.furthest' })
    .select(
      knex.raw(
        `CASE WHEN ${kind} IN ('open', 'won') THEN ${position} END AS current_position, ` +
          `CASE WHEN ${kind} = 'won' THEN 1 ELSE 0 END AS won`
      )
    );
}

/** funnel-chart: the period's deals of one pipeline by the furthest stage they reached; every open and won stage. */
export async function funnelChart(ctx: AnalyticsContext) {
  const { knex, dialect, period } = ctx;
  const pipelineId = await opportunityPipelineId(ctx);
  if (pipelineId === null) return [];
  const stages = (await stagesOfPipeline(ctx, pipelineId)).filter(
    (stage: Record<string, unknown>) => stage.kind === 'open' || stage.kind === 'won'
  );
  let row: Record<string, unknown> | undefined;
  if (dailyAvailable(ctx)) {
    // the rollup's dimension is `<pipeline id>/<furthest position>`; sum_a counts the won deals
    const prefix = `${pipelineId}/`;
    const furthest = `CAST(NULLIF(SUBSTR(dim, ${prefix.length + 1}), '') AS ${dialect === 'mysql' ? 'SIGNED' : 'INTEGER'})`;
    const reached = (_stage: unknown, index: number) =>
      `SUM(CASE WHEN ${furthest} >= ? THEN n ELSE sum_a END) AS s${index}`;
    const bindings = stages.map((stage: Record<string, unknown>) => stage.position);
    [row] = await knex
      .from(factRows(ctx, 'deal-funnel', period).as('f'))
      .where('dim', 'like', `${prefix}%`)
      .select(knex.raw(stages.map(reached).join(', ') || '0 AS none', bindings as Knex.RawBinding[]));
  } else {
    const deals = scopedOpportunities(ctx);
    linkedTo(knex, deals.query, 'o.id', deals.model.link('pipeline'), pipelineId);
    whereInPeriod(deals.query, dialect, deals.col('createdAt'), period);
    const reached = (_stage: unknown, index: number) =>
      `SUM(CASE WHEN r.won = 1 OR r.furthest >= ? OR r.current_position >= ? THEN 1 ELSE 0 END) AS s${index}`;
    const bindings = stages.flatMap((stage: Record<string, unknown>) => [stage.position, stage.position]);
    [row] = await knex
      .from(reachOfDeals(ctx, deals).as('r'))
      .select(knex.raw(stages.map(reached).join(', ') || '0 AS none', bindings as Knex.RawBinding[]));
  }
  const counts = stages.map((_: unknown, index: number) => num(row?.[`s${index}`]));
  return stages.map((stage: Record<string, unknown>, index: number) => ({
    stageId: stage.stage_id,
    stageName: stage.stage_name,
    count: counts[index],
    percentage: percent(counts[index], counts[0] ?? 0),
  }));
}

/**
 * conversion-funnel: of the period's leads in scope, each counted once: created, qualified
 * (qualified or converted), converted, their opportunity reached the proposal stage, won.
 * How far a deal reached is worked out only for the deals of the period's leads.
 */
export async function conversionFunnel(ctx: AnalyticsContext) {
  const row = dailyAvailable(ctx) ? await funnelFromRollup(ctx) : await liveFunnel(ctx);
  const steps: [string, number][] = [
    ['Leads Created', num(row.created)],
    ['Qualified', num(row.qualified)],
    ['Opportunity Created', num(row.converted)],
    ['Proposal Sent', num(row.proposal)],
    ['Closed Won', num(row.won)],
  ];
  return steps.map(([name, count]) => ({ stage: name, count, percentage: percent(count, steps[0][1]) }));
}

/** The conversion funnel's counts from the daily rollup (dim: `c` converted, `q` qualified). */
async function funnelFromRollup(ctx: AnalyticsContext): Promise<Record<string, unknown>> {
  const [row] = await ctx.knex
    .from(factRows(ctx, 'lead-funnel', ctx.period).as('f'))
    .select(
      ctx.knex.raw(
        "SUM(n) AS created, SUM(CASE WHEN dim IN ('q', 'c') THEN n ELSE 0 END) AS qualified, " +
          "SUM(CASE WHEN dim = 'c' THEN n ELSE 0 END) AS converted, SUM(sum_a) AS proposal, SUM(sum_b) AS won"
      )
    );
  return row ?? {};
}

/** The conversion funnel's counts from the records. */
async function liveFunnel(ctx: AnalyticsContext): Promise<Record<string, unknown>> {
  const { knex, dialect, period, crm } = ctx;
  const inPeriod = (query: Knex.QueryBuilder, createdAt: string) =>
    whereInPeriod(query, dialect, createdAt, period);
  const leads = scopedLeads(ctx);
  inPeriod(leads.query, leads.col('createdAt'));
  const [qualified, converted] = [
    quoted(knex, leads.col('qualifiedAt')),
    quoted(knex, leads.col('convertedAt')),
  ];

  // the period's leads of any owner: the outer query keeps the ones in scope
  const periodLeads = from(knex, crm, 'lead', 'pl');
  inPeriod(periodLeads.query, periodLeads.col('createdAt')).select('pl.id');
  const deals = from(knex, crm, 'opportunity', 'o');
  const stage = crm.get('stage');
  const toLead = deals.model.link('lead');
  joinRelated(deals.query, 'o', deals.model.link('stage'), stage.table, 's');
  deals.query.whereIn(
    'o.id',
    knex.from({ ol: toLead.table }).select(`ol.${toLead.from}`).whereIn(`ol.${toLead.to}`, periodLeads.query)
  );
  const reach = reachOfDeals(ctx, { ...deals, kind: `s.${stage.column('kind')}` });

  const dealPipeline = deals.model.link('pipeline');
  const byLead = knex
    .from(reach.as('r'))
    .join({ rl: toLead.table }, `rl.${toLead.from}`, 'r.id')
    .leftJoin({ rp: dealPipeline.table }, `rp.${dealPipeline.from}`, 'r.id')
    .leftJoin(proposalStages(knex, crm).as('p'), 'p.pipeline', `rp.${dealPipeline.to}`)
    .select({ lead: `rl.${toLead.to}` })
    .select(
      knex.raw(
        'MAX(CASE WHEN p.position IS NOT NULL AND (r.won = 1 OR r.furthest >= p.position OR ' +
          'r.current_position >= p.position) THEN 1 ELSE 0 END) AS proposal, MAX(r.won) AS won'
      )
    )
    .groupBy(`rl.${toLead.to}`);
  const [row] = await leads.query
    .leftJoin(byLead.as('d'), 'd.lead', 'l.id')
    .select(
      knex.raw(
        `COUNT(*) AS created, SUM(CASE WHEN ${qualified} IS NOT NULL OR ${converted} IS NOT NULL THEN 1 ELSE 0 END) AS qualified, ` +
          `SUM(CASE WHEN ${converted} IS NOT NULL THEN 1 ELSE 0 END) AS converted, ` +
          'SUM(CASE WHEN d.proposal = 1 THEN 1 ELSE 0 END) AS proposal, SUM(CASE WHEN d.won = 1 THEN 1 ELSE 0 END) AS won'
      )
    );
  return row;
}
