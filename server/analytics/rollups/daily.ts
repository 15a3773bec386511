import type { Knex } from 'knex';
import type { Dialect } from '../../query/sql-guard';
import type { AnalyticsContext } from '../context';
import type { Concept, CrmModel, Link } from '../mapping';
import { at, daysBetween, from, joinRelated, num, proposalStages, quoted, whereOpenLead } from '../sql';

/**
 * The daily rollup (docs/rollups.md): CRM records counted and summed per fact, UTC day, owner and
 * dimension, in one table. A period's whole UTC days are read from it; its partial edge days (a
 * period in another time zone) are computed live from the same definition, so the answers are the
 * live ones.
 */

export const DAY_MS = 86_400_000;
/** The characters of a dimension the rollup keeps (its `dim` column's length). */
export const DIM_LENGTH = 255;
/** The owner of the rows that sum every owner's (what scope `all` reads): no user has this id. */
export const EVERYONE = -1;

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
  /** Won and lost opportunities by close day, owner and reason (the win or loss reason); sum_a = those won. */
  'deal-reason': { root: 'opportunity', needs: ['opportunity', 'stage'] },
  /** Open opportunities by expected close date (a calendar date) and owner; sum_a = Σ amount. */
  'deal-expected': { root: 'opportunity', needs: ['opportunity', 'stage'] },
  /** Open leads (status neither converted nor disqualified) by creation day and owner. */
  'lead-open': { root: 'lead', needs: ['lead'] },
  /** Leads by creation day, owner and current stage (id). */
  'lead-stage': { root: 'lead', needs: ['lead', 'stage'] },
  /** Open opportunities by creation day, owner and current stage (id); sum_a = Σ amount, sum_b = Σ amount × probability (%). */
  'deal-stage': { root: 'opportunity', needs: ['opportunity', 'stage'] },
  /** Stage-history stints by exit day, their deal's owner and their stage (id); sum_b = Σ days in the stage. */
  stint: { root: 'stageHistory', via: ['opportunity'], needs: ['stageHistory', 'opportunity', 'stage'] },
  /**
   * Opportunities by creation day, owner and `<pipeline id>/<furthest position reached>` (the
   * funnel-chart: the deal-reach rollup's furthest stint, or the current stage when open or won;
   * nothing after the slash when neither); sum_a = those won.
   */
  'deal-funnel': {
    root: 'opportunity',
    via: ['stageHistory'],
    needs: ['opportunity', 'stage', 'stageHistory', 'pipeline'],
  },
  /**
   * Leads by creation day, owner and how far they went on their own: `c` converted, `q` qualified,
   * '' neither (the conversion-funnel); sum_a = those whose opportunity reached the proposal stage,
   * sum_b = those whose opportunity was won.
   */
  'lead-funnel': {
    root: 'lead',
    via: ['opportunity', 'stageHistory'],
    needs: ['lead', 'opportunity', 'stage', 'stageHistory', 'pipeline'],
  },
  /** Leads with an SLA due time by creation day, owner and answer: `late` (after the due time), `open` (none yet), '' in time. */
  'lead-sla': { root: 'lead', needs: ['lead'] },
  /** Tasks by due day and owner; sum_a = those completed, sum_b = those open. */
  'task-due': { root: 'task', needs: ['task'] },
  /** Tasks by completion day and owner. */
  'task-done': { root: 'task', needs: ['task'] },
} as const satisfies Record<string, { root: Concept; via?: readonly Concept[]; needs: readonly Concept[] }>;

/** The concepts whose writes change a fact's rows besides its own records (a stint's deal: its owner). */
export const viaOf = (fact: Fact): readonly Concept[] =>
  (FACTS[fact] as { via?: readonly Concept[] }).via ?? [];

/** The facts a CRM mapping can compute: those whose concepts are all mapped. */
export const factsOf = (crm: CrmModel): Fact[] =>
  FACT_NAMES.filter((fact) => FACTS[fact].needs.every((concept) => !crm.problems[concept]));

/** Where the facts are computed: the database, its dialect, the CRM's tables, and the deal-reach rollup's table. */
export interface FactDatabase {
  knex: Knex;
  dialect: Dialect;
  crm: CrmModel;
  dealReach: string;
  /** Rows of every owner summed (owner -1), without reading the owners. */
  everyone?: boolean;
}

export type Fact = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as Fact[];

/** A range of instants, [start, end) unless told otherwise; null: unbounded on that side. */
export interface Range {
  start: Date | null;
  end: Date | null;
  /** (start, …: rows at `start` itself are out. */
  startExclusive?: boolean;
  /** …, end]: rows at `end` itself are in. */
  endInclusive?: boolean;
}

/** The day number (days since 1970-01-01) of a date column, per dialect. */
function dayOfDate(dialect: Dialect, column: string): string {
  switch (dialect) {
    case 'sqlite':
      return `CAST(julianday(${column}) - 2440587.5 AS INTEGER)`;
    case 'postgres':
      return `(${column} - DATE '1970-01-01')`;
    case 'mysql':
      return `DATEDIFF(${column}, '1970-01-01')`;
  }
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
  /** The SQL of the root records' ids that some records of a `via` concept change. */
  rootsOf?: Partial<Record<Concept, (ids: number[]) => Knex.QueryBuilder>>;
  /** The datetime column whose UTC day the row counts on (a date column's own day when `date`). */
  time: string;
  date?: boolean;
  /** The owner id column; null: every owner's rows summed. */
  owner: string | null;
  dim: string | null;
  /** The dimension as an SQL expression (instead of a column). */
  dimExpression?: string;
  sum_a: string | null;
  sum_b: string | null;
}

/**
 * LEFT JOINs a record's owner link (alias `ro`): the owner id column. None when only every
 * owner's sums are read (`everyone`): the rows are then not split by owner.
 */
function joinOwner(on: FactDatabase, query: Knex.QueryBuilder, link: Link, record = 'r.id') {
  if (on.everyone) return null;
  query.leftJoin({ ro: link.table }, `ro.${link.from}`, record);
  return `ro.${link.to}`;
}

/** The type a value is cast to as text, per dialect. */
const TEXT: Record<Dialect, string> = { sqlite: 'TEXT', postgres: 'VARCHAR', mysql: 'CHAR' };

/** `parts` joined as one string, per dialect (MySQL's || is OR). */
const concat = (dialect: Dialect, parts: string[]) =>
  dialect === 'mysql' ? `CONCAT(${parts.join(', ')})` : parts.join(' || ');

/** The ids of the deals some stints are of. */
const dealsOfStints = (knex: Knex, crm: CrmModel, stints: number[]) => {
  const toDeal = crm.get('stageHistory').link('opportunity');
  return knex.from(toDeal.table).select(toDeal.to).whereIn(toDeal.from, stints);
};

/**
 * Per deal (alias `fd`): whether it reached its pipeline's proposal stage (`proposal`: a stint in
 * it or beyond, its current stage there or beyond, or won) and whether it is won, with the lead it
 * came from, for the conversion funnel.
 */
function dealsOfLeads({ knex, crm, dealReach }: FactDatabase) {
  const deals = from(knex, crm, 'opportunity', 'fd');
  const stage = crm.get('stage');
  joinRelated(deals.query, 'fd', deals.model.link('stage'), stage.table, 'fs');
  const toLead = deals.model.link('lead');
  const toPipeline = deals.model.link('pipeline');
  const [kind, position] = [
    quoted(knex, `fs.${stage.column('kind')}`),
    quoted(knex, `fs.${stage.column('position')}`),
  ];
  deals.query
    .join({ fl: toLead.table }, `fl.${toLead.from}`, 'fd.id')
    .leftJoin({ fr: dealReach }, 'fr.opportunity', 'fd.id')
    .leftJoin({ fp: toPipeline.table }, `fp.${toPipeline.from}`, 'fd.id')
    .leftJoin(proposalStages(knex, crm).as('p'), 'p.pipeline', `fp.${toPipeline.to}`);
  return {
    query: deals.query,
    lead: `fl.${toLead.to}`,
    proposal:
      `CASE WHEN p.position IS NOT NULL AND (${kind} = 'won' OR fr.furthest >= p.position OR ` +
      `(${kind} IN ('open', 'won') AND ${position} >= p.position)) THEN 1 ELSE 0 END`,
    won: `CASE WHEN ${kind} = 'won' THEN 1 ELSE 0 END`,
  };
}

/** The records of a fact, joined to what it groups and sums by (the columns are qualified names). */
function sourceOf(on: FactDatabase, fact: Fact): Source {
  const { knex, dialect, crm } = on;
  const q = (column: string) => quoted(knex, column);
  const none = { dim: null, sum_a: null, sum_b: null };
  switch (fact) {
    case 'activity': {
      const root = from(knex, crm, 'activity', 'r');
      const owner = joinOwner(on, root.query, root.model.link('performedBy'));
      return { ...none, query: root.query, time: root.col('createdAt'), owner, dim: root.col('type') };
    }
    case 'lead':
    case 'lead-open':
    case 'lead-stage':
    case 'lead-funnel':
    case 'lead-sla':
    case 'lead-source': {
      const root = from(knex, crm, 'lead', 'r');
      const owner = joinOwner(on, root.query, root.model.link('owner'));
      const source = { ...none, query: root.query, time: root.col('createdAt'), owner };
      if (fact === 'lead-sla') {
        const [due, answered] = [q(root.col('slaDueAt')), q(root.col('firstResponseAt'))];
        root.query.whereNotNull(root.col('slaDueAt'));
        return {
          ...source,
          dimExpression: `CASE WHEN ${answered} IS NULL THEN 'open' WHEN ${answered} > ${due} THEN 'late' ELSE '' END`,
        };
      }
      if (fact === 'lead-funnel') {
        // each lead's deals, looked up lead by lead (an index probe of the deal → lead links)
        const ofLead = (flag: 'proposal' | 'won') => {
          const deals = dealsOfLeads(on);
          const sql = deals.query
            .clone()
            .whereRaw(`${q(deals.lead)} = ${q('r.id')}`)
            .select(knex.raw(`MAX(${deals[flag]})`))
            .toQuery();
          return `COALESCE((${sql}), 0)`;
        };
        const toDeal = crm.get('opportunity').link('lead');
        const leadsOfDeals = (deals: Knex.QueryBuilder | number[]) =>
          knex.from(toDeal.table).select(toDeal.to).whereIn(toDeal.from, deals);
        const [qualified, converted] = [q(root.col('qualifiedAt')), q(root.col('convertedAt'))];
        return {
          ...source,
          rootsOf: {
            opportunity: leadsOfDeals,
            stageHistory: (stints) => leadsOfDeals(dealsOfStints(knex, crm, stints)),
          },
          dim: null,
          dimExpression: `CASE WHEN ${converted} IS NOT NULL THEN 'c' WHEN ${qualified} IS NOT NULL THEN 'q' ELSE '' END`,
          sum_a: ofLead('proposal'),
          sum_b: ofLead('won'),
        };
      }
      if (fact === 'lead-stage') {
        const toStage = root.model.link('stage');
        root.query.join({ rs: toStage.table }, `rs.${toStage.from}`, 'r.id');
        return { ...source, dim: `rs.${toStage.to}` };
      }
      if (fact === 'lead-open') {
        whereOpenLead(root.query, root.col('status'));
        return source;
      }
      return fact === 'lead-source'
        ? { ...source, dim: root.col('source') }
        : { ...source, sum_a: `CASE WHEN ${q(root.col('convertedAt'))} IS NOT NULL THEN 1 ELSE 0 END` };
    }
    case 'task-due':
    case 'task-done': {
      const root = from(knex, crm, 'task', 'r');
      const owner = joinOwner(on, root.query, root.model.link('owner'));
      const done = q(root.col('completedAt'));
      if (fact === 'task-done') return { ...none, query: root.query, time: root.col('completedAt'), owner };
      return {
        ...none,
        query: root.query,
        time: root.col('dueAt'),
        owner,
        sum_a: `CASE WHEN ${done} IS NOT NULL THEN 1 ELSE 0 END`,
        sum_b: `CASE WHEN ${done} IS NULL THEN 1 ELSE 0 END`,
      };
    }
    case 'stint': {
      const root = from(knex, crm, 'stageHistory', 'r');
      const [toDeal, toStage] = [root.model.link('opportunity'), root.model.link('stage')];
      root.query
        .join({ rd: toDeal.table }, `rd.${toDeal.from}`, 'r.id')
        .join({ rs: toStage.table }, `rs.${toStage.from}`, 'r.id')
        .whereNotNull(root.col('enteredAt'));
      const owner = joinOwner(on, root.query, crm.get('opportunity').link('owner'), `rd.${toDeal.to}`);
      const [entered, exited] = [q(root.col('enteredAt')), q(root.col('exitedAt'))];
      return {
        ...none,
        query: root.query,
        rootsOf: {
          opportunity: (deals) => knex.from(toDeal.table).select(toDeal.from).whereIn(toDeal.to, deals),
        },
        time: root.col('exitedAt'),
        owner,
        dim: `rs.${toStage.to}`,
        sum_b: daysBetween(dialect, entered, exited),
      };
    }
    case 'deal-opened':
    case 'deal-open':
    case 'deal-stage':
    case 'deal-expected':
    case 'deal-reason':
    case 'deal-funnel':
    case 'deal-closed': {
      const root = from(knex, crm, 'opportunity', 'r');
      const owner = joinOwner(on, root.query, root.model.link('owner'));
      const opened = { ...none, query: root.query, time: root.col('createdAt'), owner };
      if (fact === 'deal-opened') return opened;
      const stage = crm.get('stage');
      joinRelated(root.query, 'r', root.model.link('stage'), stage.table, 's');
      const kind = `s.${stage.column('kind')}`;
      const amount = q(root.col('amount'));
      if (fact === 'deal-funnel') {
        const toPipeline = root.model.link('pipeline');
        root.query
          .leftJoin({ rp: toPipeline.table }, `rp.${toPipeline.from}`, 'r.id')
          .leftJoin({ reach: on.dealReach }, 'reach.opportunity', 'r.id');
        const current = `CASE WHEN ${q(kind)} IN ('open', 'won') THEN ${q(`s.${stage.column('position')}`)} END`;
        const reached = q('reach.furthest');
        const furthest = `CASE WHEN ${current} IS NULL OR ${reached} > ${current} THEN ${reached} ELSE ${current} END`;
        const text = TEXT[dialect];
        return {
          ...opened,
          rootsOf: { stageHistory: (stints) => dealsOfStints(knex, crm, stints) },
          dimExpression: concat(dialect, [
            `CAST(${q(`rp.${toPipeline.to}`)} AS ${text})`,
            "'/'",
            `COALESCE(CAST(${furthest} AS ${text}), '')`,
          ]),
          sum_a: `CASE WHEN ${q(kind)} = 'won' THEN 1 ELSE 0 END`,
        };
      }
      if (fact === 'deal-stage') {
        root.query.where(kind, 'open');
        const probability = `COALESCE(${q(root.col('probability'))}, ${q(`s.${stage.column('probability')}`)})`;
        return { ...opened, dim: 's.id', sum_a: amount, sum_b: `${amount} * ${probability}` };
      }
      if (fact === 'deal-open' || fact === 'deal-expected') {
        root.query.where(kind, 'open');
        return fact === 'deal-open'
          ? { ...opened, sum_a: amount }
          : { ...opened, time: root.col('expectedCloseDate'), date: true, sum_a: amount };
      }
      if (fact === 'deal-reason') {
        root.query.whereIn(kind, ['won', 'lost']);
        const won = `${q(kind)} = 'won'`;
        const [winReason, lossReason] = [q(root.col('winReason')), q(root.col('lossReason'))];
        return {
          ...opened,
          time: root.col('closedAt'),
          dim: null,
          dimExpression: `CASE WHEN ${won} THEN ${winReason} ELSE ${lossReason} END`,
          sum_a: `CASE WHEN ${won} THEN 1 ELSE 0 END`,
        };
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

/** Which rows of a fact: an instant range, some UTC days, some records, or those some `via` records change. */
export interface Selection {
  via?: { concept: Concept; ids: number[] };
  range?: Range;
  days?: number[];
  records?: number[];
}

/** SELECT day, owner, dim, n, sum_a, sum_b computed from the CRM's tables (what the rollup holds for them). */
export function liveRows(on: FactDatabase, fact: Fact, selection: Selection = {}) {
  const { knex, dialect } = on;
  const source = sourceOf(on, fact);
  const { query, time } = source;
  const day = (source.date ? dayOfDate : dayOf)(dialect, quoted(knex, time));
  // a date column is compared with calendar dates (a range of them starts and ends on UTC midnights)
  const bound = (instant: Date) => (source.date ? instant.toISOString().slice(0, 10) : at(dialect, instant));
  query.whereNotNull(time);
  const { range, days, records, via } = selection;
  if (via) query.whereIn('r.id', source.rootsOf![via.concept]!(via.ids));
  if (range?.start) query.where(time, range.startExclusive ? '>' : '>=', bound(range.start));
  if (range?.end) query.where(time, range.endInclusive ? '<=' : '<', bound(range.end));
  if (days) {
    query.where((anyDay) => {
      for (const each of days) {
        anyDay.orWhere((one) =>
          one
            .where(time, '>=', bound(new Date(each * DAY_MS)))
            .where(time, '<', bound(new Date((each + 1) * DAY_MS)))
        );
      }
    });
  }
  if (records) query.whereIn('r.id', records);
  // an absent sum is 0, not NULL: a column of NULLs alone has no type in a UNION on PostgreSQL
  const sum = (expression: string | null) => (expression ? `SUM(${expression})` : '0');
  const text = TEXT[dialect];
  const dimSql = source.dimExpression ?? (source.dim ? quoted(knex, source.dim) : null);
  // the rollup's dim column holds 255 characters: a longer value (a free-text reason) is cut there
  const owner = source.owner && quoted(knex, source.owner);
  const dim = dimSql ? `SUBSTR(COALESCE(CAST(${dimSql} AS ${text}), ''), 1, ${DIM_LENGTH})` : "''";
  return query
    .select(
      knex.raw(
        `${day} AS day, ${owner ?? EVERYONE} AS owner, ${dim} AS dim, COUNT(*) AS n, ` +
          `${sum(source.sum_a)} AS sum_a, ${sum(source.sum_b)} AS sum_b`
      )
    )
    .groupByRaw([day, ...(owner ? [owner] : []), ...(dimSql ? [dim] : [])].join(', '));
}

/** The UTC days of some records in a fact (their cells). */
export function daysOfRecords(on: FactDatabase, fact: Fact, records: Pick<Selection, 'records' | 'via'>) {
  return on.knex.from(liveRows(on, fact, records).as('cells')).distinct('day');
}

/** Whether the daily rollup can answer for this request (it is built, and no pipeline narrows the records). */
export const dailyAvailable = (ctx: AnalyticsContext) => ctx.rollups.daily !== null && ctx.pipeline === null;

/**
 * A fact's rows (day, owner, dim, n, sum_a, sum_b) in a range, for the owners in scope: the whole
 * UTC days from the rollup, the partial days at either edge computed live. Scope all reads the sums
 * of every owner, unless `perOwner` (each owner's rows) or `owners` (those owners' rows) is given.
 */
export function factRows(
  ctx: AnalyticsContext,
  fact: Fact,
  range: Range,
  { owners, perOwner }: { owners?: number[]; perOwner?: boolean } = {}
): Knex.QueryBuilder {
  const { knex, dialect, crm } = ctx;
  // scope all reads every owner's sums: the live days need no owner either
  const everyone = ctx.scope === 'all' && !owners && !perOwner;
  const on = { knex, dialect, crm, dealReach: ctx.rollups.dealReach, everyone };
  const live = (part: Range) => liveRows(on, fact, { range: part });
  const { start, end } = range;
  // the whole days, [startDay, last); the part of a day before startDay or from last on is computed live
  const firstWhole = start !== null && !range.startExclusive && start.getTime() % DAY_MS === 0;
  const startDay = start === null ? null : Math.floor(start.getTime() / DAY_MS) + (firstWhole ? 0 : 1);
  const last = end === null ? null : Math.floor(end.getTime() / DAY_MS);
  const lastWhole = end !== null && !range.endInclusive && end.getTime() % DAY_MS === 0;
  const parts: Knex.QueryBuilder[] = [];
  if (startDay !== null && last !== null && startDay >= last) {
    parts.push(live(range));
  } else {
    const stored = knex
      .from(ctx.rollups.daily!)
      .select('day', 'owner', 'dim', 'n', 'sum_a', 'sum_b')
      .where('fact', fact);
    // scope all reads the sums of every owner; the other scopes' owners are users (never EVERYONE)
    if (owners) stored.whereIn('owner', owners);
    else if (perOwner) stored.where((owned) => owned.whereNull('owner').orWhere('owner', '<>', EVERYONE));
    else if (ctx.scope === 'all') stored.where('owner', EVERYONE);
    if (startDay !== null) stored.where('day', '>=', startDay);
    if (last !== null) stored.where('day', '<', last);
    parts.push(stored);
    if (start !== null && !firstWhole) {
      parts.push(live({ start, startExclusive: range.startExclusive, end: new Date(startDay! * DAY_MS) }));
    }
    if (end !== null && !lastWhole) {
      parts.push(live({ start: new Date(last! * DAY_MS), end, endInclusive: range.endInclusive }));
    }
  }
  const [head, ...rest] = parts;
  const rows = rest.length === 0 ? head : head.unionAll(rest, false);
  const inScope = ctx.ownedBy(knex.from(rows.as('f')), 'f.owner');
  return owners ? inScope.whereIn('f.owner', owners) : inScope;
}

/** A fact's counts and sums in a range (for the owners in scope), by dimension. */
export async function factTotals(ctx: AnalyticsContext, fact: Fact, range: Range) {
  const rows: Record<string, unknown>[] = await ctx.knex
    .from(factRows(ctx, fact, range).as('t'))
    .select('dim')
    .sum({ n: 'n', sum_a: 'sum_a', sum_b: 'sum_b' })
    .groupBy('dim');
  return new Map(
    rows.map((row) => [
      String(row.dim ?? ''),
      { n: num(row.n), sum_a: num(row.sum_a), sum_b: num(row.sum_b) },
    ])
  );
}

/** The counts and sums of some facts' ranges (for the owners in scope), read in one statement. */
export async function factSums(ctx: AnalyticsContext, parts: [Fact, Range][]) {
  const { knex } = ctx;
  const [head, ...rest] = parts.map(([fact, range], index) =>
    knex
      .from(factRows(ctx, fact, range).as('f'))
      .select(knex.raw(`${index} AS part`))
      .sum({ n: 'n', sum_a: 'sum_a', sum_b: 'sum_b' })
  );
  const rows: Record<string, unknown>[] = await (rest.length === 0 ? head : head.unionAll(rest, false));
  const byPart = new Map(rows.map((row) => [num(row.part), row]));
  return parts.map((_, index) => {
    const row = byPart.get(index);
    return { n: num(row?.n), sum_a: num(row?.sum_a), sum_b: num(row?.sum_b) };
  });
}
