import type { Knex } from 'knex';
import type { AnalyticsContext } from '../context';
import { cents, from, joinRelated, num } from '../sql';
import { scopedOpportunities, whereLeadInScope } from './overview';
import { dailyAvailable, factRows } from '../rollups/daily';

/**
 * The stages of the pipelines of one type (or of `pipelineId`'s pipeline when it is of that type),
 * in order: the default pipeline first, then by position. `counts` is a subquery keyed by
 * `stage_id` that is LEFT JOINed, so a stage without records is still listed.
 */
function stagesOf(
  ctx: AnalyticsContext,
  type: 'lead' | 'opportunity',
  counts: Knex.QueryBuilder,
  openOnly: boolean
) {
  const { knex, crm } = ctx;
  const stages = from(knex, crm, 'stage', 'st');
  const pipeline = crm.get('pipeline');
  joinRelated(stages.query, 'st', stages.model.link('pipeline'), pipeline.table, 'p');
  stages.query.where(`p.${pipeline.column('type')}`, type);
  if (ctx.pipeline?.type === type) stages.query.where('p.id', ctx.pipeline.id);
  if (openOnly) stages.query.where(stages.col('kind'), 'open');
  return stages.query
    .leftJoin(counts.as('c'), 'c.stage_id', 'st.id')
    .select({
      stage_id: `st.${stages.model.documentIdColumn}`,
      stage_name: stages.col('name'),
      color: stages.col('color'),
    })
    .orderBy([
      { column: `p.${pipeline.column('isDefault')}`, order: 'desc' },
      { column: 'p.id', order: 'asc' },
      { column: stages.col('position'), order: 'asc' },
      { column: 'st.id', order: 'asc' },
    ]);
}

/** lead-pipeline: leads in scope by their current stage, every stage of the lead pipeline(s). */
export async function leadPipeline(ctx: AnalyticsContext) {
  const link = ctx.crm.get('lead').link('stage');
  const counts = dailyAvailable(ctx)
    ? byStage(ctx, 'lead-stage').sum({ n: 'n' })
    : // counted on the stage link table alone: no lead column is needed
      whereLeadInScope(ctx, ctx.knex.from({ ls: link.table }), `ls.${link.from}`)
        .select({ stage_id: `ls.${link.to}` })
        .count({ n: '*' })
        .groupBy(`ls.${link.to}`);
  const rows = await stagesOf(ctx, 'lead', counts, false).select({ n: 'c.n' });
  return rows.map((row: Record<string, unknown>) => ({
    stageId: row.stage_id,
    stageName: row.stage_name,
    count: num(row.n),
    color: row.color ?? null,
  }));
}

/** opportunity-pipeline: open deals by open stage, with their amount and probability-weighted amount. */
export async function opportunityPipeline(ctx: AnalyticsContext) {
  const counts = dailyAvailable(ctx)
    ? byStage(ctx, 'deal-stage').sum({ n: 'n', total: 'sum_a', weighted: 'sum_b' })
    : liveOpenDeals(ctx);
  const rows = await stagesOf(ctx, 'opportunity', counts, true).select({
    n: 'c.n',
    total: 'c.total',
    weighted: 'c.weighted',
  });
  return rows.map((row: Record<string, unknown>) => ({
    stageId: row.stage_id,
    stageName: row.stage_name,
    count: num(row.n),
    totalAmount: cents(row.total),
    weightedAmount: cents(num(row.weighted) / 100),
  }));
}

/** A daily-rollup fact's rows of all time by stage (its dimension, a stage id) as `stage_id`. */
function byStage(ctx: AnalyticsContext, fact: 'lead-stage' | 'deal-stage') {
  const stageId = ctx.knex.raw(`CAST(NULLIF(??, '') AS ${ctx.dialect === 'mysql' ? 'SIGNED' : 'INTEGER'})`, [
    'f.dim',
  ]);
  return ctx.knex
    .from(factRows(ctx, fact, { start: null, end: null }).as('f'))
    .select({ stage_id: stageId })
    .groupBy('f.dim');
}

/** Open deals by stage (`stage_id`): count, amount and probability-weighted amount, from the records. */
function liveOpenDeals(ctx: AnalyticsContext) {
  const { knex } = ctx;
  const deals = scopedOpportunities(ctx);
  const stage = ctx.crm.get('stage');
  const amount = deals.col('amount');
  const probability = `COALESCE(${knex.raw('??', [deals.col('probability')]).toQuery()}, ${knex.raw('??', [`s.${stage.column('probability')}`]).toQuery()})`;
  const counts = deals.query
    .select({ stage_id: 's.id' })
    .count({ n: '*' })
    .sum({ total: amount })
    .select(knex.raw(`SUM(?? * ${probability}) AS weighted`, [amount]))
    .where(deals.kind, 'open')
    .groupBy('s.id');
  return counts;
}
