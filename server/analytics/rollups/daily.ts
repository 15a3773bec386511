import type { Knex } from 'knex';
import type { Dialect } from '../../query/sql-guard';
import type { AnalyticsContext } from '../context';
import type { Concept, CrmModel, Link } from '../mapping';
import { at, daysBetween, from, joinRelated, quoted } from '../sql';

/**
 * The daily rollup (docs/rollups.md): CRM records counted and summed per fact, UTC day, owner and
 * dimension, in one table. A period's whole UTC days are read from it; its partial edge days (a
 * period in another time zone) are computed live from the same definition, so the answers are the
 * live ones.
 */

export const DAY_MS = 86_400_000;

/** Each fact: which records, which day, whose, which dimension, and what is summed (sum_a, sum_b). */
export const FACTS = {
  /** Activities by creation day, performer and type. */
  activity: { root: 'activity', needs: ['activity'] },
  /** Leads by creation day and owner; sum_a = those converted. */
  lead: { root: 'lead', needs: ['lead'] },
  /** Leads by creation day, owner and source. */
  'lead-source': { root: 'lead', needs: ['lead'] },
  /** Opportunities by creation day and owner. */
  'deal-opened': { root: 'opportunity', needs: ['opportunity'] },
  /** Open opportunities (stage kind open) by creation day and owner; sum_a = Σ amount. */
  'deal-open': { root: 'opportunity', needs: ['opportunity', 'stage'] },
  /** Closed opportunities by close day, owner and stage kind; sum_a = Σ amount, sum_b = Σ days from creation to close. */
  'deal-closed': { root: 'opportunity', needs: ['opportunity', 'stage'] },
} as const satisfies Record<string, { root: Concept; needs: readonly Concept[] }>;

export type Fact = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as Fact[];

/** A half-open range of instants; null: unbounded on that side. */
export interface Range {
  start: Date | null;
  end: Date | null;
}

/** The UTC day number (days since 1970-01-01) of a datetime column, per dialect. */
export function dayOf(dialect: Dialect, column: string): string {
  switch (dialect) {
    case 'sqlite':
      return `CAST(${column} / ${DAY_MS} AS INTEGER)`;
    case 'postgres':
      return `CAST(FLOOR(EXTRACT(EPOCH FROM ${column}) / 86400) AS INTEGER)`;
    case 'mysql':
      return `DATEDIFF(${column}, '1970-01-01')`;
  }
}

interface Source {
  query: Knex.QueryBuilder;
  /** The root record's id column. */
  recordId: string;
  /** The datetime column whose UTC day the row counts on. */
  time: string;
  owner: string;
  dim: string | null;
  sum_a: string | null;
  sum_b: string | null;
}

/** LEFT JOINs a record's owner link (alias `ro`): the owner id column. */
function joinOwner(query: Knex.QueryBuilder, link: Link) {
  query.leftJoin({ ro: link.table }, `ro.${link.from}`, 'r.id');
  return `ro.${link.to}`;
}

/** The records of a fact, joined to what it groups and sums by (the columns are qualified names). */
function sourceOf(knex: Knex, dialect: Dialect, crm: CrmModel, fact: Fact): Source {
  const q = (column: string) => quoted(knex, column);
  const none = { recordId: 'r.id', dim: null, sum_a: null, sum_b: null };
  switch (fact) {
    case 'activity': {
      const root = from(knex, crm, 'activity', 'r');
      const owner = joinOwner(root.query, root.model.link('performedBy'));
      return { ...none, query: root.query, time: root.col('createdAt'), owner, dim: root.col('type') };
    }
    case 'lead':
    case 'lead-source': {
      const root = from(knex, crm, 'lead', 'r');
      const owner = joinOwner(root.query, root.model.link('owner'));
      const source = { ...none, query: root.query, time: root.col('createdAt'), owner };
      return fact === 'lead-source'
        ? { ...source, dim: root.col('source') }
        : { ...source, sum_a: `CASE WHEN ${q(root.col('convertedAt'))} IS NOT NULL THEN 1 ELSE 0 END` };
    }
    case 'deal-opened':
    case 'deal-open':
    case 'deal-closed': {
      const root = from(knex, crm, 'opportunity', 'r');
      const owner = joinOwner(root.query, root.model.link('owner'));
      const opened = { ...none, query: root.query, time: root.col('createdAt'), owner };
      if (fact === 'deal-opened') return opened;
      const stage = crm.get('stage');
      joinRelated(root.query, 'r', root.model.link('stage'), stage.table, 's');
      const kind = `s.${stage.column('kind')}`;
      const amount = q(root.col('amount'));
      if (fact === 'deal-open') {
        root.query.where(kind, 'open');
        return { ...opened, sum_a: amount };
      }
      return {
        ...opened,
        time: root.col('closedAt'),
        dim: kind,
        sum_a: amount,
        sum_b: daysBetween(dialect, q(root.col('createdAt')), q(root.col('closedAt'))),
      };
    }
  }
}

/** Which rows of a fact: an instant range, some UTC days, some records. */
export interface Selection {
  range?: Range;
  days?: number[];
  records?: number[];
}

/** SELECT day, owner, dim, n, sum_a, sum_b computed from the CRM's tables (what the rollup holds for them). */
export function liveRows(knex: Knex, dialect: Dialect, crm: CrmModel, fact: Fact, selection: Selection = {}) {
  const source = sourceOf(knex, dialect, crm, fact);
  const { query, time } = source;
  const day = dayOf(dialect, quoted(knex, time));
  query.whereNotNull(time);
  const { range, days, records } = selection;
  if (range?.start) query.where(time, '>=', at(dialect, range.start));
  if (range?.end) query.where(time, '<', at(dialect, range.end));
  if (days) {
    query.where((anyDay) => {
      for (const each of days) {
        anyDay.orWhere((one) =>
          one
            .where(time, '>=', at(dialect, new Date(each * DAY_MS)))
            .where(time, '<', at(dialect, new Date((each + 1) * DAY_MS)))
        );
      }
    });
  }
  if (records) query.whereIn(source.recordId, records);
  // an absent sum is 0, not NULL: a column of NULLs alone has no type in a UNION on PostgreSQL
  const sum = (expression: string | null) => (expression ? `SUM(${expression})` : '0');
  const dim = source.dim ? `COALESCE(${quoted(knex, source.dim)}, '')` : "''";
  return query
    .select(
      knex.raw(
        `${day} AS day, ${quoted(knex, source.owner)} AS owner, ${dim} AS dim, COUNT(*) AS n, ` +
          `${sum(source.sum_a)} AS sum_a, ${sum(source.sum_b)} AS sum_b`
      )
    )
    .groupByRaw([day, quoted(knex, source.owner), ...(source.dim ? [dim] : [])].join(', '));
}

/** The UTC days of some records in a fact (their cells). */
export function daysOfRecords(knex: Knex, dialect: Dialect, crm: CrmModel, fact: Fact, records: number[]) {
  return knex.from(liveRows(knex, dialect, crm, fact, { records }).as('cells')).distinct('day');
}

/** Whether the daily rollup can answer for this request (it is built, and no pipeline narrows the records). */
export const dailyAvailable = (ctx: AnalyticsContext) => ctx.rollups.daily !== null && ctx.pipeline === null;

/**
 * A fact's rows (day, owner, dim, n, sum_a, sum_b) in a range, for the owners in scope: the whole
 * UTC days from the rollup, the partial days at either edge computed live.
 */
export function factRows(ctx: AnalyticsContext, fact: Fact, range: Range): Knex.QueryBuilder {
  const { knex, dialect, crm } = ctx;
  const table = ctx.rollups.daily!;
  const first = range.start === null ? null : Math.ceil(range.start.getTime() / DAY_MS);
  const last = range.end === null ? null : Math.floor(range.end.getTime() / DAY_MS);
  const parts: Knex.QueryBuilder[] = [];
  if (first !== null && last !== null && first >= last) {
    parts.push(liveRows(knex, dialect, crm, fact, { range }));
  } else {
    const stored = knex.from(table).select('day', 'owner', 'dim', 'n', 'sum_a', 'sum_b').where('fact', fact);
    if (first !== null) stored.where('day', '>=', first);
    if (last !== null) stored.where('day', '<', last);
    parts.push(stored);
    if (first !== null && first * DAY_MS !== range.start!.getTime()) {
      parts.push(
        liveRows(knex, dialect, crm, fact, { range: { start: range.start, end: new Date(first * DAY_MS) } })
      );
    }
    if (last !== null && last * DAY_MS !== range.end!.getTime()) {
      parts.push(
        liveRows(knex, dialect, crm, fact, { range: { start: new Date(last * DAY_MS), end: range.end } })
      );
    }
  }
  const [head, ...rest] = parts;
  const rows = rest.length === 0 ? head : head.unionAll(rest, false);
  return ctx.ownedBy(knex.from(rows.as('f')), 'f.owner');
}
