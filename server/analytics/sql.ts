import type { Knex } from 'knex';
import type { Dialect } from '../query/sql-guard';
import type { Concept, CrmModel, Link, Resolved } from './mapping';

/** A date as the database compares it with a datetime column (Strapi keeps milliseconds on SQLite). */
export const at = (dialect: Dialect, date: Date) => (dialect === 'sqlite' ? date.getTime() : date);

/** A bound datetime in SQL arithmetic (PostgreSQL needs its type: Strapi's columns are `timestamp`). */
export const datetimeParameter = (dialect: Dialect) =>
  dialect === 'postgres' ? 'CAST(? AS timestamp)' : '?';

/**
 * Keeps the rows whose `column` falls in the half-open range [start, end), the bounds as the
 * database compares them with a datetime column: `whereInPeriod(query, dialect, column, period)`.
 */
export const whereInPeriod = (
  query: Knex.QueryBuilder,
  dialect: Dialect,
  column: string,
  range: { start: Date; end: Date }
) => query.where(column, '>=', at(dialect, range.start)).where(column, '<', at(dialect, range.end));

/** `later − earlier` in days (fractional), in SQL, per dialect. */
export function daysBetween(dialect: Dialect, earlier: string, later: string): string {
  switch (dialect) {
    case 'sqlite':
      return `((${later}) - (${earlier})) / 86400000.0`;
    case 'postgres':
      return `EXTRACT(EPOCH FROM ((${later}) - (${earlier}))) / 86400.0`;
    case 'mysql':
      return `TIMESTAMPDIFF(MICROSECOND, ${earlier}, ${later}) / 86400000000.0`;
  }
}

/** A count or sum as a number (drivers hand bigint and numeric over as text); null → 0. */
export const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
/** Percentages, rates and day averages: one decimal. */
export const round1 = (value: number) => Math.round(value * 10) / 10;
/**
 * Money: to the cent, half up. The product is trimmed to 12 significant digits first, as binary
 * floating point has 40.025 × 100 = 4002.4999…; SQLite also sums decimals as floating point.
 */
export const cents = (value: unknown) => Math.round(Number((num(value) * 100).toPrecision(12))) / 100;
/** numerator ÷ denominator × 100, one decimal; 0 when the denominator is 0. */
export const percent = (numerator: number, denominator: number) =>
  denominator === 0 ? 0 : round1((numerator / denominator) * 100);

/** `CASE WHEN <condition> THEN 1 ELSE 0 END` summed: a count of the rows matching a condition. */
export const countWhen = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/** The query builder of one CRM concept's table, published rows only under draft & publish. */
export function from<C extends Concept>(knex: Knex, crm: CrmModel, concept: C, alias: string) {
  const model = crm.get(concept) as Resolved<C>;
  const query = knex.from({ [alias]: model.table });
  if (model.draftAndPublish) query.whereNotNull(`${alias}.published_at`);
  return {
    query,
    model,
    col: (field: Parameters<Resolved<C>['column']>[0]) => `${alias}.${model.column(field)}`,
  };
}

/** LEFT JOINs a to-one relation's link table and its target table. */
export function joinRelated(
  query: Knex.QueryBuilder,
  fromAlias: string,
  link: Link,
  targetTable: string,
  targetAlias: string
) {
  const via = `${fromAlias}_${targetAlias}_lnk`;
  return query
    .leftJoin({ [via]: link.table }, `${via}.${link.from}`, `${fromAlias}.id`)
    .leftJoin({ [targetAlias]: targetTable }, `${targetAlias}.id`, `${via}.${link.to}`);
}

/** The quoted form of a qualified column for raw SQL fragments (`alias.column`). */
export const quoted = (knex: Knex, column: string) => knex.raw('??', [column]).toQuery();

/** Keeps the records linked (through `link`) to one related row: `related(query, 'l.id', link, pipelineId)`. */
export const linkedTo = (
  knex: Knex,
  query: Knex.QueryBuilder,
  recordId: string,
  link: Link,
  relatedId: number
) => query.whereIn(recordId, knex.from(link.table).select(link.from).where(link.to, relatedId));

/** Keeps the open leads: a status that is neither converted nor disqualified, or none. */
export const whereOpenLead = (query: Knex.QueryBuilder, status: string) =>
  query.where((open) => open.whereNull(status).orWhereNotIn(status, ['converted', 'disqualified']));

/** SELECT pipeline, position: the proposal stage's position in each pipeline (the conversion funnel). */
export function proposalStages(knex: Knex, crm: CrmModel) {
  const proposal = from(knex, crm, 'stage', 'ps');
  const toPipeline = proposal.model.link('pipeline');
  return proposal.query
    .join({ pp: toPipeline.table }, `pp.${toPipeline.from}`, 'ps.id')
    .where(proposal.col('name'), crm.mapping.proposalStage)
    .select({ pipeline: `pp.${toPipeline.to}`, position: proposal.col('position') });
}
