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
import { dailyAvailable, factTotals, type Fact, type Range } from '../rollups/daily';

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

/** The figures stats derives from: leads and deals, counted and summed. */
interface StatsRows {
  lead: Record<string, unknown>;
  deal: Record<string, unknown>;
}

/** stats: the overall figures of docs/metrics.md. */
export async function stats(ctx: AnalyticsContext): Promise<AnalyticsStats> {
  const { lead, deal } = dailyAvailable(ctx) ? await statsFromRollup(ctx) : await liveStats(ctx);
  const won = num(deal.won);
  const wonValue = cents(deal.won_value);
  return {
    totalLeads: num(lead.total),
    newLeadsThisPeriod: num(lead.created),
    totalOpportunities: num(deal.total),
    openOpportunityValue: cents(deal.open_value),
    wonDeals: won,
    wonDealValue: wonValue,
    lostDeals: num(deal.lost),
    conversionRate: percent(num(lead.converted), num(lead.created)),
    averageDealSize: won === 0 ? 0 : cents(wonValue / won),
    averageSalesCycle: round1(num(deal.cycle)),
  };
}

/** stats' figures from the daily rollup: sums of a few hundred rows per fact. */
async function statsFromRollup(ctx: AnalyticsContext): Promise<StatsRows> {
  const { period } = ctx;
  const everything = async (fact: Fact, range: Range) => (await factTotals(ctx, fact, range)).get('');
  const leadsBefore = await everything('lead', { start: null, end: period.end });
  const leadsIn = await everything('lead', period);
  const dealsBefore = await everything('deal-opened', { start: null, end: period.end });
  const open = await everything('deal-open', { start: null, end: null });
  const closed = await factTotals(ctx, 'deal-closed', period);
  const [won, lost] = [closed.get('won'), closed.get('lost')];
  return {
    lead: { total: leadsBefore?.n, created: leadsIn?.n, converted: leadsIn?.sum_a },
    deal: {
      total: dealsBefore?.n,
      open_value: open?.sum_a,
      won: won?.n,
      won_value: won?.sum_a,
      lost: lost?.n,
      cycle: won && won.n > 0 ? won.sum_b / won.n : null,
    },
  };
}

/** stats' figures from the records, in two aggregate queries. */
async function liveStats(ctx: AnalyticsContext): Promise<StatsRows> {
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
  return { lead: leadRow, deal: dealRow };
}
