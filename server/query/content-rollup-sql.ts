import crypto from 'crypto';
import type { Knex } from 'knex';
import { DAY_MS, dayOf } from '../analytics/rollups/daily';
import type { Dialect } from './sql-guard';
import { NUMERIC, type ContentPlan, type Field } from './content-plan';
import {
  bucketIndexSql,
  comparisons,
  groupedResult,
  type BucketBounds,
  type BuiltQuery,
} from './content-sql';

/*
 * Content rollups (docs/rollups.md): a content type's entries counted and summed per UTC day and
 * group value, so that a content-type tile over a large table reads a few thousand rows instead of
 * scanning it. What one rollup holds is its definition; which tiles it serves, and which requests
 * of theirs, is decided here.
 */

/** Raised when what a content rollup holds, or how it is computed, changes: its spec key changes. */
const FORMAT = 1;

/** What one content rollup counts: per day of `day`, per value of `group`, entries and sums of `measure`. */
export interface RollupDefinition {
  uid: string;
  table: string;
  /** The datetime column whose UTC day an entry counts on; null: one cell for all days. */
  day: string | null;
  group: string | null;
  measure: string | null;
  /** The measure is not a number: only whether it is set counts (a count of a date field). */
  presence: boolean;
  /** Draft & publish: only the published entries count, as the live query reads. */
  published: boolean;
}

/** One cell's values: entries, entries whose measure is not null, and the measure's sum. */
export interface Cell {
  day: number | null;
  dim: string | null;
  n: number;
  nv: number;
  total: number;
}

const TEXTUAL = new Set(['string', 'email', 'uid', 'enumeration']);
const INSTANT = new Set(['datetime', 'timestamp']);
const DAY_BOUNDED = new Set(['$gte', '$lte', '$gt', '$lt', '$eq']);
const UTC = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Universal', 'Zulu']);

const baseColumn = (field: Field) => (field.via ? null : field.column.replace(/^t0\./, ''));

/**
 * The rollup a plan can read, or null when none can answer it: a count, sum or average of the
 * content type's own fields, grouped by one of its text fields, bucketed by UTC day or longer, and
 * filtered only by ranges of the one datetime field it counts days on.
 */
export function rollupDefinition(plan: ContentPlan): RollupDefinition | null {
  if (!['count', 'sum', 'avg'].includes(plan.fn)) return null;
  const measure = plan.measure ? baseColumn(plan.measure) : null;
  if (plan.measure && !measure) return null;
  const group = plan.group ? baseColumn(plan.group) : null;
  if (plan.group && (!group || !TEXTUAL.has(plan.group.type))) return null;
  let day: string | null = null;
  if (plan.bucket) {
    if (plan.bucket.dateOnly || !UTC.has(plan.bucket.zone)) return null;
    day = baseColumn(plan.bucket.field);
    if (!day) return null;
  }
  for (const condition of plan.conditions) {
    const column = baseColumn(condition.field);
    if (!column || !INSTANT.has(condition.field.type) || !DAY_BOUNDED.has(condition.operator)) return null;
    if (day !== null && column !== day) return null;
    day = column;
  }
  const presence = plan.measure !== undefined && !NUMERIC.has(plan.measure.type);
  return { uid: plan.uid, table: plan.table, day, group, measure, presence, published: plan.draftAndPublish };
}

/** The key a definition's rows are stored under. */
export const specKey = (definition: RollupDefinition) =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify([FORMAT, definition]))
    .digest('base64url')
    .slice(0, 32);

const instantMs = (value: unknown) =>
  value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Number.NaN;

/**
 * The days a request reads (`from` ≤ day < `to`, each optional), or null when its filter values
 * are not whole UTC days (a time of day: the live query answers).
 */
export function rollupDays(
  plan: ContentPlan,
  params: Record<string, unknown>,
  dialect: Dialect
): { from?: number; to?: number } | null {
  const days: { from?: number; to?: number } = {};
  for (const condition of plan.conditions) {
    for (const [operator, value] of comparisons(condition, params, dialect) ?? []) {
      const ms = instantMs(value);
      if (!Number.isFinite(ms) || ms % DAY_MS !== 0) return null;
      const day = ms / DAY_MS;
      if (operator === '$gte') days.from = Math.max(days.from ?? day, day);
      else if (operator === '$lt') days.to = Math.min(days.to ?? day, day);
      else return null;
    }
  }
  return days;
}

const NULLS: Record<Dialect, { integer: string; text: string }> = {
  sqlite: { integer: 'NULL', text: 'NULL' },
  postgres: { integer: 'CAST(NULL AS INTEGER)', text: 'CAST(NULL AS TEXT)' },
  mysql: { integer: 'CAST(NULL AS SIGNED)', text: 'CAST(NULL AS CHAR)' },
};

/** SELECT day, dim, v: each entry's cell and measure (of some entries only when `ids` is given). */
export function entryCells(knex: Knex, dialect: Dialect, definition: RollupDefinition, ids?: number[]) {
  const nulls = NULLS[dialect];
  const column = (name: string | null, orNull: string) =>
    name === null ? knex.raw(orNull) : knex.raw('??', [`t0.${name}`]);
  const query = knex.from({ t0: definition.table }).select({
    day:
      definition.day === null
        ? knex.raw(nulls.integer)
        : knex.raw(dayOf(dialect, knex.raw('??', [`t0.${definition.day}`]).toQuery())),
    dim: column(definition.group, nulls.text),
    v:
      definition.measure !== null && definition.presence
        ? knex.raw('CASE WHEN ?? IS NULL THEN NULL ELSE 1 END', [`t0.${definition.measure}`])
        : column(definition.measure, nulls.integer),
  });
  if (definition.published) query.whereNotNull('t0.published_at');
  if (ids) query.whereIn('t0.id', ids);
  return query;
}

/** SELECT day, dim, n, nv, total: the rollup's cells computed from the content type's table. */
export function liveCells(knex: Knex, dialect: Dialect, definition: RollupDefinition) {
  return knex
    .from(entryCells(knex, dialect, definition).as('e'))
    .select('e.day', 'e.dim')
    .select(knex.raw('COUNT(*) AS ??', ['n']))
    .select(knex.raw('COUNT(??) AS ??', ['e.v', 'nv']))
    .select(knex.raw('SUM(??) AS ??', ['e.v', 'total']))
    .groupBy('e.day', 'e.dim');
}

/** The stored cells of one rollup in the requested days. */
function storedCells(knex: Knex, table: string, spec: string, days: { from?: number; to?: number }) {
  const query = knex.from({ r: table }).where('r.spec', spec);
  if (days.from !== undefined) query.where('r.day', '>=', days.from);
  if (days.to !== undefined) query.where('r.day', '<', days.to);
  return query;
}

/** The first and last day with entries, as the live range query reports the bucketed field's range. */
export function rollupRangeQuery(
  knex: Knex,
  table: string,
  spec: string,
  days: { from?: number; to?: number }
): BuiltQuery {
  const query = storedCells(knex, table, spec, days)
    .whereNotNull('r.day')
    .where('r.n', '>', 0)
    .min({ low: 'r.day' })
    .max({ high: 'r.day' })
    .limit(1);
  return query.toSQL().toNative() as unknown as BuiltQuery;
}

/** A day number's first instant. */
export const dayStart = (day: unknown) => new Date(Number(day) * DAY_MS);
const dayOfBound = (bound: unknown) => Math.round(instantMs(bound) / DAY_MS);

/** The aggregate of a plan read from its rollup, in the shape of the live aggregate's rows. */
export function rollupAggregateQuery(
  knex: Knex,
  plan: ContentPlan,
  table: string,
  spec: string,
  days: { from?: number; to?: number },
  bounds: BucketBounds | undefined,
  rowCap: number
): BuiltQuery {
  const rows = storedCells(knex, table, spec, days).select({ n: 'r.n', nv: 'r.nv', total: 'r.total' });
  if (plan.group) rows.select({ g: 'r.dim' });
  if (plan.bucket && bounds) {
    const starts = bounds.starts.map(dayOfBound);
    const [sql, bindings] = bucketIndexSql('r.day', starts, 0, starts.length - 1);
    rows.select(knex.raw(`${sql} AS ??`, [...bindings, 'b']));
    rows.where('r.day', '>=', starts[0]).where('r.day', '<', dayOfBound(bounds.end));
  }
  const measureSql = {
    count: plan.measure ? 'SUM(d.nv)' : 'SUM(d.n)',
    sum: 'CASE WHEN SUM(d.nv) > 0 THEN SUM(d.total) END',
    avg: 'SUM(d.total) / NULLIF(SUM(d.nv), 0)',
  }[plan.fn as 'count' | 'sum' | 'avg'];
  return groupedResult(knex, plan, rows, measureSql, rowCap);
}

/** The cells of some entries' rows (day, dim, v), summed. */
export function cellsOf(rows: Record<string, unknown>[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const row of rows) {
    const day = row.day === null || row.day === undefined ? null : Number(row.day);
    const dim = row.dim === null || row.dim === undefined ? null : String(row.dim);
    const key = JSON.stringify([day, dim]);
    const cell = cells.get(key) ?? { day, dim, n: 0, nv: 0, total: 0 };
    cell.n += 1;
    if (row.v !== null && row.v !== undefined) {
      cell.nv += 1;
      cell.total += Number(row.v);
    }
    cells.set(key, cell);
  }
  return cells;
}

/** `into` plus `sign` times `cells`, cell by cell. */
export function addCells(into: Map<string, Cell>, cells: Iterable<Cell>, sign: 1 | -1 = 1) {
  for (const cell of cells) {
    const key = JSON.stringify([cell.day, cell.dim]);
    const sum = into.get(key) ?? { day: cell.day, dim: cell.dim, n: 0, nv: 0, total: 0 };
    sum.n += sign * cell.n;
    sum.nv += sign * cell.nv;
    sum.total += sign * cell.total;
    into.set(key, sum);
  }
  return into;
}
