import type { Knex } from 'knex';
import type { Dialect } from './sql-guard';
import {
  fail,
  NUMERIC,
  TEMPORAL,
  type Condition,
  type ContentPlan,
  type Field,
  type Operator,
} from './content-plan';

/*
 * The SQL of a content-type tile's plan: its filter values as the database compares them, the rows
 * it aggregates, and the aggregate itself.
 */

type Row = Record<string, unknown>;
/** A value as the database compares it (a list for `$in` / `$notIn`). */
type DatabaseValue = string | number | boolean | Date;
type ConditionValue = DatabaseValue | null | DatabaseValue[];
/** A bucket bound: an instant (milliseconds on SQLite) or a calendar date. */
export type BucketBound = Date | number | string;

/** A `{{name}}` filter value is the dashboard filter `name`; left out when that filter has no value. */
const PARAMETER = /^\{\{\s*([A-Za-z_]\w*)\s*\}\}$/;

/**
 * A value as the database compares it: datetimes as the driver writes them (milliseconds on SQLite,
 * where Strapi stores them so), booleans as 1/0 on SQLite, numbers as numbers.
 */
export function toDatabaseValue(
  type: string,
  value: unknown,
  dialect: Dialect,
  path: string[]
): DatabaseValue {
  if (TEMPORAL.has(type) && type !== 'time' && type !== 'date') {
    const instant =
      typeof value === 'number' ? new Date(value) : typeof value === 'string' ? new Date(value) : null;
    if (!instant || Number.isNaN(instant.getTime())) fail(path, 'must be an ISO 8601 date-time');
    return dialect === 'sqlite' ? instant!.getTime() : instant;
  }
  if (type === 'date') {
    const text = typeof value === 'string' ? value.slice(0, 10) : '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text)))
      fail(path, 'must be a date (YYYY-MM-DD)');
    return text;
  }
  if (type === 'boolean') {
    const truth =
      value === true || value === 'true' ? true : value === false || value === 'false' ? false : null;
    if (truth === null) fail(path, 'must be true or false');
    return dialect === 'sqlite' ? Number(truth) : truth;
  }
  if (NUMERIC.has(type)) {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) fail(path, 'must be a number');
    return number;
  }
  if (typeof value !== 'string' && typeof value !== 'number') fail(path, 'must be a text');
  return String(value);
}

/** A filter value with its `{{parameter}}` filled in from the dashboard filters' values. */
export function filled(value: unknown, params: Row): unknown {
  const name = typeof value === 'string' ? PARAMETER.exec(value)?.[1] : undefined;
  return name === undefined ? value : params[name];
}

/** A condition's value with its parameters filled in; undefined when a parameter it needs is unset. */
function conditionValue(condition: Condition, params: Row, dialect: Dialect): ConditionValue | undefined {
  const fill = (value: unknown) => filled(value, params);
  const { operator, field, path } = condition;
  const value = fill(condition.value);
  if (value === undefined || value === null) {
    if (condition.value === null && (operator === '$eq' || operator === '$ne')) return null;
    return undefined;
  }
  if (operator === '$null' || operator === '$notNull') {
    if (typeof value !== 'boolean' && value !== 'true' && value !== 'false')
      fail(path, 'must be true or false');
    return value === true || value === 'true';
  }
  if (operator === '$in' || operator === '$notIn') {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || list.length > 1000) fail(path, 'must list 1 to 1000 values');
    return list.map((item, index) =>
      toDatabaseValue(field.type, fill(item), dialect, [...path, String(index)])
    );
  }
  if (operator === '$contains' || operator === '$startsWith') {
    if (typeof value !== 'string') fail(path, 'must be a text');
    const escaped = (value as string).replace(/[!%_]/g, '!$&');
    return operator === '$contains' ? `%${escaped}%` : `${escaped}%`;
  }
  return toDatabaseValue(field.type, value, dialect, path);
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A condition as comparisons ANDed together; a `$ne` pair means "outside [first, second)". */
export type Comparison = [Operator, ConditionValue];

/**
 * A condition's comparisons. A day without a time on a datetime field means that whole UTC day, so
 * `≤ 2026-11-06` keeps the entries of the 6th (`< 2026-11-07`), `> 2026-11-06` starts on the 7th,
 * and `= 2026-11-06` is the day from midnight to midnight.
 */
export function comparisons(condition: Condition, params: Row, dialect: Dialect): Comparison[] | undefined {
  const value = conditionValue(condition, params, dialect);
  if (value === undefined) return undefined;
  const { field, operator } = condition;
  const raw = PARAMETER.exec(String(condition.value))?.[1];
  const given = raw === undefined ? condition.value : params[raw];
  const instantField = TEMPORAL.has(field.type) && field.type !== 'time' && field.type !== 'date';
  if (!instantField || typeof given !== 'string' || !DAY_ONLY.test(given.trim())) {
    return [[operator, value]];
  }
  const start = new Date(`${given.trim()}T00:00:00.000Z`);
  const next = new Date(start.getTime() + 86_400_000);
  const asDatabase = (instant: Date) => (dialect === 'sqlite' ? instant.getTime() : instant);
  switch (operator) {
    case '$lte':
      return [['$lt', asDatabase(next)]];
    case '$gt':
      return [['$gte', asDatabase(next)]];
    case '$eq':
      return [
        ['$gte', asDatabase(start)],
        ['$lt', asDatabase(next)],
      ];
    case '$ne':
      return [['$ne', [asDatabase(start), asDatabase(next)]]];
    default:
      return [[operator, value]];
  }
}

/** Literal filter values must fit their fields; `{{parameter}}` values are checked when they are filled in. */
export function checkConditionValues(plan: ContentPlan, dialect: Dialect) {
  for (const condition of plan.conditions) conditionValue(condition, {}, dialect);
}

const COMPARISONS: Partial<Record<Operator, string>> = {
  $eq: '=',
  $ne: '<>',
  $lt: '<',
  $lte: '<=',
  $gt: '>',
  $gte: '>=',
};

/** Adds `column op value` to a query, for one condition on a column reachable from it. */
function compare(query: Knex.QueryBuilder, column: string, operator: Operator, value: ConditionValue) {
  const list = Array.isArray(value) ? value : [value];
  switch (operator) {
    case '$in':
      return query.whereIn(column, list);
    case '$notIn':
      return query.whereNotIn(column, list);
    case '$null':
      return value ? query.whereNull(column) : query.whereNotNull(column);
    case '$notNull':
      return value ? query.whereNotNull(column) : query.whereNull(column);
    case '$contains':
    case '$startsWith':
      return query.whereRaw(`LOWER(??) LIKE LOWER(?) ESCAPE '!'`, [column, list[0]]);
    case '$ne':
      if (list.length === 2) {
        return query.where((outside) => outside.where(column, '<', list[0]).orWhere(column, '>=', list[1]));
      }
      if (value === null) return query.whereNotNull(column);
      return query.where(column, '<>', list[0]);
    default:
      if (value === null) return operator === '$eq' ? query.whereNull(column) : query.whereNotNull(column);
      return query.where(column, COMPARISONS[operator]!, list[0]);
  }
}

export interface BuiltQuery {
  sql: string;
  bindings: unknown[];
}

/** `bucket index` for a value: a binary tree of CASEs over the bucket bounds (log₂ n comparisons a row). */
export function bucketIndexSql(
  column: string,
  bounds: readonly BucketBound[],
  low: number,
  high: number
): [string, Knex.RawBinding[]] {
  if (low === high) return [String(low), []];
  const middle = Math.ceil((low + high) / 2);
  const [below, belowBindings] = bucketIndexSql(column, bounds, low, middle - 1);
  const [above, aboveBindings] = bucketIndexSql(column, bounds, middle, high);
  return [
    `CASE WHEN ?? < ? THEN ${below} ELSE ${above} END`,
    [column, bounds[middle], ...belowBindings, ...aboveBindings],
  ];
}

export interface BucketBounds {
  labels: string[];
  /** Bucket i's first value, as the database compares it. */
  starts: BucketBound[];
  end: BucketBound;
}

/** The rows a tile aggregates: joins for its group, its filters, and published entries only under draft & publish. */
function selectRows(knex: Knex, plan: ContentPlan, params: Row, dialect: Dialect) {
  const query = knex.from({ t0: plan.table });
  if (plan.group?.via) {
    const { link, table } = plan.group.via;
    query
      .leftJoin({ g_link: link.name }, `g_link.${link.joinColumn.name}`, 't0.id')
      .leftJoin({ g: table }, 'g.id', `g_link.${link.inverseJoinColumn.name}`);
  }
  if (plan.draftAndPublish) query.whereNotNull('t0.published_at');
  for (const condition of plan.conditions) {
    const checks = comparisons(condition, params, dialect);
    if (checks === undefined) continue;
    const { field } = condition;
    if (!field.via) {
      for (const [operator, value] of checks) compare(query, field.column, operator, value);
      continue;
    }
    const [[operator, value]] = checks;
    // A relation's field: the entries with (or, for "is null", without) a related entry that matches.
    const { link, table } = field.via;
    const emptyRelation =
      (operator === '$null' && value === true) || (operator === '$notNull' && value === false);
    const related = knex
      .from({ f_link: link.name })
      .join({ f: table }, 'f.id', `f_link.${link.inverseJoinColumn.name}`)
      .select(`f_link.${link.joinColumn.name}`);
    if (emptyRelation) {
      related.whereNotNull(`f.${field.column}`);
      query.whereNotIn('t0.id', related);
    } else {
      for (const [check, checkValue] of checks) compare(related, `f.${field.column}`, check, checkValue);
      query.whereIn('t0.id', related);
    }
  }
  return query;
}

const columnOf = (field: Field) => (field.via ? `g.${field.column}` : field.column);

/** The first and last value of the bucketed field among the rows the tile aggregates. */
export function buildRangeQuery(knex: Knex, plan: ContentPlan, params: Row, dialect: Dialect): BuiltQuery {
  const column = plan.bucket!.field.column;
  const rows = selectRows(knex, plan, params, dialect).select({ value: column }).as('d');
  const query = knex.from(rows).min({ low: 'd.value' }).max({ high: 'd.value' });
  return query.toSQL().toNative() as unknown as BuiltQuery;
}

/**
 * The aggregate: one row per (bucket, group) with `bucket_index`, `group_key` and `measure_value`,
 * grouped and ordered in the database, nulls last on every dialect.
 */
export function buildAggregateQuery(
  knex: Knex,
  plan: ContentPlan,
  params: Row,
  dialect: Dialect,
  bounds: BucketBounds | undefined,
  rowCap: number
): BuiltQuery {
  const rows = selectRows(knex, plan, params, dialect);
  if (plan.measure) rows.select({ v: plan.measure.column });
  if (plan.group) rows.select({ g: columnOf(plan.group) });
  if (plan.bucket && bounds) {
    const column = plan.bucket.field.column;
    const [sql, bindings] = bucketIndexSql(column, bounds.starts, 0, bounds.starts.length - 1);
    rows.select(knex.raw(`${sql} AS ??`, [...bindings, 'b']));
    rows.where(column, '>=', bounds.starts[0]).where(column, '<', bounds.end);
  }
  if (!plan.measure && !plan.group && !plan.bucket) rows.select(knex.raw('1 AS ??', ['one']));

  const measureSql = {
    count: plan.measure ? 'COUNT(d.v)' : 'COUNT(*)',
    sum: 'SUM(d.v)',
    avg: 'AVG(d.v)',
    min: 'MIN(d.v)',
    max: 'MAX(d.v)',
  }[plan.fn];
  return groupedResult(knex, plan, rows, measureSql, rowCap);
}

/**
 * The aggregate of `rows` (a derived table `d` with `b`, the bucket index, and `g`, the group key,
 * when the plan has them): one row per (bucket, group), ordered and limited as the tile asks.
 */
export function groupedResult(
  knex: Knex,
  plan: ContentPlan,
  rows: Knex.QueryBuilder,
  measureSql: string,
  rowCap: number
): BuiltQuery {
  const grouped = knex.from(rows.as('d')).select(knex.raw(`${measureSql} AS measure_value`));
  const keys: string[] = [];
  if (plan.bucket) keys.push('b');
  if (plan.group) keys.push('g');
  for (const key of keys) grouped.select({ [key === 'b' ? 'bucket_index' : 'group_key']: `d.${key}` });
  if (keys.length > 0) grouped.groupBy(keys.map((key) => `d.${key}`));

  const result = knex.from(grouped.as('r')).select('*');
  const nullsLast = (column: string) => result.orderByRaw('CASE WHEN ?? IS NULL THEN 1 ELSE 0 END', [column]);
  if (plan.bucket) result.orderBy('r.bucket_index', plan.sort ?? 'asc');
  else if (plan.sort) nullsLast('r.measure_value').orderBy('r.measure_value', plan.sort);
  if (plan.group) nullsLast('r.group_key').orderBy('r.group_key', 'asc');
  // Empty buckets are filled in afterwards, so a bucketed tile without a group is limited then.
  const limit = plan.bucket && !plan.group ? undefined : plan.limit;
  // An ORDER BY in a derived table survives (MariaDB drops it otherwise) only with a LIMIT.
  result.limit(Math.min(limit ?? rowCap + 1, rowCap + 1));
  return result.toSQL().toNative() as unknown as BuiltQuery;
}
