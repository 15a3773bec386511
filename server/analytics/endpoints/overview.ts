import type { Knex } from 'knex';
import type { AnalyticsStats } from '../../../contracts/analytics';
import type { AnalyticsContext } from '../context';
import {
  at,
  cents,
  countWhen,
  daysBetween,
  from,
  joinRelated,
  linkedTo,
  num,
  percent,
  quoted,
  round1,
} from '../sql';

/**
 * Keeps the rows whose lead id (`leadId`) is a lead in scope (and in `pipelineId` when it names a
 * lead pipeline): for queries on a lead's link table, which need the leads table itself only
 * under draft & publish.
 */
export function whereLeadInScope(ctx: AnalyticsContext, query: Knex.QueryBuilder, leadId: string) {
  const leads = ctx.crm.get('lead');
  ctx.scoped(query, leadId, leads.link('owner'));
  if (ctx.pipeline?.type === 'lead') {
    linkedTo(ctx.knex, query, leadId, leads.link('pipeline'), ctx.pipeline.id);
  }
  if (leads.draftAndPublish) {
    query.whereIn(leadId, ctx.knex.from(leads.table).select('id').whereNotNull('published_at'));
  }
  return query;
}

/** Leads in scope (and in `pipelineId` when it names a lead pipeline). */
export function scopedLeads(ctx: AnalyticsContext, alias = 'l') {
  const leads = from(ctx.knex, ctx.crm, 'lead', alias);
  ctx.scoped(leads.query, `${alias}.id`, leads.model.link('owner'));
  if (ctx.pipeline?.type === 'lead') {
    linkedTo(ctx.knex, leads.query, `${alias}.id`, leads.model.link('pipeline'), ctx.pipeline.id);
  }
  return leads;
}

/** Opportunities in scope (and in `pipelineId`'s pipeline), joined to their stage as `s`. */
export function scopedOpportunities(ctx: AnalyticsContext, alias = 'o') {
  const opportunities = from(ctx.knex, ctx.crm, 'opportunity', alias);
  const stage = ctx.crm.get('stage');
  joinRelated(opportunities.query, alias, opportunities.model.link('stage'), stage.table, 's');
  ctx.scoped(opportunities.query, `${alias}.id`, opportunities.model.link('owner'));
  if (ctx.pipeline?.type === 'opportunity') {
    linkedTo(
      ctx.knex,
      opportunities.query,
      `${alias}.id`,
      opportunities.model.link('pipeline'),
      ctx.pipeline.id
    );
  }
  return { ...opportunities, kind: `s.${stage.column('kind')}` };
}

/** stats: the overall figures of docs/metrics.md, in two aggregate queries. */
export async function stats(ctx: AnalyticsContext): Promise<AnalyticsStats> {
  const { knex, dialect, period } = ctx;
  const q = (column: string) => quoted(knex, column);
  const [start, end] = [at(dialect, period.start), at(dialect, period.end)];

  const leads = scopedLeads(ctx);
  const created = q(leads.col('createdAt'));
  const inPeriod = `${created} >= ? AND ${created} < ?`;
  const [leadRow] = await leads.query.select(
    knex.raw(
      `${countWhen(`${created} < ?`)} AS total, ${countWhen(inPeriod)} AS created, ` +
        `${countWhen(`${inPeriod} AND ${q(leads.col('convertedAt'))} IS NOT NULL`)} AS converted`,
      [end, start, end, start, end]
    )
  );

  const deals = scopedOpportunities(ctx);
  const [kind, amount, closed, opened] = [
    q(deals.kind),
    q(deals.col('amount')),
    q(deals.col('closedAt')),
    q(deals.col('createdAt')),
  ];
  const closedAs = `${kind} = ? AND ${closed} >= ? AND ${closed} < ?`;
  const [dealRow] = await deals.query.select(
    knex.raw(
      `${countWhen(`${opened} < ?`)} AS total, ` +
        `SUM(CASE WHEN ${kind} = ? THEN ${amount} ELSE 0 END) AS open_value, ` +
        `${countWhen(closedAs)} AS won, SUM(CASE WHEN ${closedAs} THEN ${amount} ELSE 0 END) AS won_value, ` +
        `${countWhen(closedAs)} AS lost, ` +
        `AVG(CASE WHEN ${closedAs} THEN ${daysBetween(dialect, opened, closed)} END) AS cycle`,
      [end, 'open', 'won', start, end, 'won', start, end, 'lost', start, end, 'won', start, end]
    )
  );
  const won = num(dealRow.won);
  const wonValue = cents(dealRow.won_value);
  return {
    totalLeads: num(leadRow.total),
    newLeadsThisPeriod: num(leadRow.created),
    totalOpportunities: num(dealRow.total),
    openOpportunityValue: cents(dealRow.open_value),
    wonDeals: won,
    wonDealValue: wonValue,
    lostDeals: num(dealRow.lost),
    conversionRate: percent(num(leadRow.converted), num(leadRow.created)),
    averageDealSize: won === 0 ? 0 : cents(wonValue / won),
    averageSalesCycle: round1(num(dealRow.cycle)),
  };
}
