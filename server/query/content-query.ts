import type { Knex } from 'knex';
import type { TileSource } from '../../contracts/dashboards';
import { bucketsBetween, BucketError, dateBucketsBetween, isTimeZone, type BucketUnit } from './buckets';
import type { Dialect } from './sql-guard';

export type ContentSource = Extract<TileSource, { kind: 'content-type' }>;
type Row = Record<string, unknown>;

/** A structured query that cannot run: `path` is relative to the tile's `source`. */
export class ContentQueryError extends Error {
  constructor(
    readonly path: string[],
    message: string,
    /** true when the caller may not read what the query names (a 403 rather than a 400) */
    readonly forbidden = false
  ) {
    super(message);
    this.name = 'ContentQueryError';
  }
}

interface LinkTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

/** What the builder reads of a content type: its schema (privacy) and its database metadata (names). */
export interface ModelInfo {
  tableName: string;
  draftAndPublish: boolean;
  attributes: Record<
    string,
    {
      type: string;
      /** private in the schema, by `api.responses.privateAttributes`, or a password */
      private?: boolean;
      columnName?: string;
      relation?: string;
      target?: string;
      joinTable?: LinkTable;
    }
  >;
}

export interface ContentModels {
  /** The content type, when tiles may query it at all. */
  model(uid: string): ModelInfo | undefined;
  /** Whether the caller may read the content type, or one of its fields. */
  readsContent(uid: string, field?: string): boolean;
}

const NUMERIC = new Set(['integer', 'biginteger', 'float', 'decimal', 'increments']);
const TEMPORAL = new Set(['date', 'datetime', 'timestamp', 'time']);
const TEXTUAL = new Set(['string', 'text', 'email', 'uid', 'enumeration']);
const SCALAR = new Set([...NUMERIC, ...TEMPORAL, ...TEXTUAL, 'boolean']);
/** Long text would make a group per entry. */
const GROUPABLE = new Set([...NUMERIC, ...TEMPORAL, 'string', 'email', 'uid', 'enumeration', 'boolean']);

export const FILTER_OPERATORS = [
  '$eq',
  '$ne',
  '$in',
  '$notIn',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$null',
  '$notNull',
  '$contains',
  '$startsWith',
] as const;
type Operator = (typeof FILTER_OPERATORS)[number];

/** A field of the queried content type, or of a content type one relation away. */
interface Field {
  path: string;
  type: string;
  column: string;
  /** The relation it is reached through. */
  via?: { attribute: string; link: LinkTable; table: string; toMany: boolean };
}

interface Condition {
  field: Field;
  operator: Operator;
  value: unknown;
  path: string[];
}

export interface ContentPlan {
  uid: string;
  table: string;
  draftAndPublish: boolean;
  fn: ContentSource['measure']['fn'];
  measure?: Field;
  group?: Field;
  bucket?: { field: Field; unit: BucketUnit; zone: string; dateOnly: boolean };
  conditions: Condition[];
  sort?: 'asc' | 'desc';
  limit?: number;
  /** The names of the result's columns. */
  columns: { bucket?: string; group?: string; measure: string };
}

const fail = (path: string[], message: string): never => {
  throw new ContentQueryError(path, message);
};

/**
 * Checks a content-type tile's source against the content types and the caller's permissions,
 * and resolves every field it names to a column. Nothing private (passwords, tokens, fields marked
 * private) and nothing the caller may not read is ever reached.
 */
export function planContentQuery(
  source: ContentSource,
  models: ContentModels,
  defaultZone: string
): ContentPlan {
  const model = models.model(source.uid);
  if (!model) fail(['uid'], `"${source.uid}" is not a content type tiles may query`);
  const base = model!;
  if (!models.readsContent(source.uid)) {
    throw new ContentQueryError(['uid'], `You may not read ${source.uid}`, true);
  }

  const readable = (uid: string, info: ModelInfo, name: string, path: string[]) => {
    const attribute = info.attributes[name];
    if (!attribute) return fail(path, `${uid} has no field "${name}"`);
    if (attribute.private || attribute.type === 'password') {
      return fail(path, `"${name}" is private`);
    }
    if (!models.readsContent(uid, name)) {
      throw new ContentQueryError(path, `You may not read ${uid}'s field "${name}"`, true);
    }
    return attribute;
  };

  const resolve = (path: string, at: string[], allowRelation: boolean): Field => {
    const [name, related, ...rest] = path.split('.');
    if (rest.length > 0) fail(at, 'reaches at most one relation away (relation.field)');
    const attribute = readable(source.uid, base, name, at);
    if (attribute.type !== 'relation') {
      if (related !== undefined) fail(at, `"${name}" is not a relation`);
      if (!SCALAR.has(attribute.type)) fail(at, `"${name}" is a ${attribute.type} field, not a value`);
      return { path, type: attribute.type, column: `t0.${attribute.columnName ?? name}` };
    }
    if (!allowRelation) fail(at, `"${name}" is a relation; name a field of this content type`);
    if (related === undefined)
      fail(at, `"${name}" is a relation: name one of its fields, as ${name}.<field>`);
    const target = attribute.target!;
    const targetModel = models.model(target);
    if (!targetModel || !attribute.joinTable) fail(at, `the relation "${name}" cannot be queried`);
    if (!models.readsContent(target)) throw new ContentQueryError(at, `You may not read ${target}`, true);
    const targetAttribute = readable(target, targetModel!, related!, at);
    if (!SCALAR.has(targetAttribute.type))
      fail(at, `"${related}" is a ${targetAttribute.type} field, not a value`);
    return {
      path,
      type: targetAttribute.type,
      column: targetAttribute.columnName ?? related!,
      via: {
        attribute: name,
        link: attribute.joinTable!,
        table: targetModel!.tableName,
        toMany: /ToMany$/.test(attribute.relation ?? ''),
      },
    };
  };

  const { fn } = source.measure;
  let measure: Field | undefined;
  if (source.measure.field !== undefined) {
    measure = resolve(source.measure.field, ['measure', 'field'], false);
    const allowed =
      fn === 'sum' || fn === 'avg' ? NUMERIC : fn === 'count' ? SCALAR : new Set([...NUMERIC, ...TEMPORAL]);
    if (!allowed.has(measure.type))
      fail(['measure', 'field'], `${fn} needs a number field; "${measure.path}" is ${measure.type}`);
  } else if (fn !== 'count') {
    fail(['measure', 'field'], `${fn} needs a field`);
  }

  let group: Field | undefined;
  if (source.group_by !== undefined) {
    group = resolve(source.group_by, ['group_by'], true);
    if (!GROUPABLE.has(group.type)) fail(['group_by'], `cannot group by a ${group.type} field`);
  }

  let bucket: ContentPlan['bucket'];
  if (source.date_bucket) {
    const field = resolve(source.date_bucket.field, ['date_bucket', 'field'], false);
    if (!['date', 'datetime', 'timestamp'].includes(field.type)) {
      fail(['date_bucket', 'field'], `"${field.path}" is not a date or datetime field`);
    }
    const zone = source.date_bucket.timezone ?? defaultZone;
    if (!isTimeZone(zone)) fail(['date_bucket', 'timezone'], `"${zone}" is not an IANA time zone`);
    bucket = { field, unit: source.date_bucket.unit, zone, dateOnly: field.type === 'date' };
  }

  const conditions: Condition[] = [];
  for (const [path, given] of Object.entries(source.filters ?? {})) {
    const at = ['filters', path];
    const field = resolve(path, at, true);
    const operators =
      given !== null && typeof given === 'object' && !Array.isArray(given)
        ? Object.entries(given as Row)
        : [[Array.isArray(given) ? '$in' : '$eq', given] as [string, unknown]];
    for (const [operator, value] of operators) {
      if (!(FILTER_OPERATORS as readonly string[]).includes(operator)) {
        fail([...at, operator], `is not an operator (${FILTER_OPERATORS.join(', ')})`);
      }
      conditions.push({ field, operator: operator as Operator, value, path: [...at, operator] });
    }
  }

  const columns = {
    bucket: bucket?.field.path,
    group: group?.path,
    measure: fn,
  };
  if (columns.group !== undefined && (columns.group === columns.bucket || columns.group === fn)) {
    fail(['group_by'], `"${columns.group}" would name two columns of the result`);
  }
  if (columns.bucket === fn) fail(['date_bucket', 'field'], `"${fn}" would name two columns of the result`);

  return {
    uid: source.uid,
    table: base.tableName,
    draftAndPublish: base.draftAndPublish,
    fn,
    measure,
    group,
    bucket,
    conditions,
    sort: source.sort,
    limit: source.limit,
    columns,
  };
}

/** A `{{name}}` filter value is the dashboard filter `name`; left out when that filter has no value. */
const PARAMETER = /^\{\{\s*([A-Za-z_]\w*)\s*\}\}$/;

/**
 * A value as the database compares it: datetimes as the driver writes them (milliseconds on SQLite,
 * where Strapi stores them so), booleans as 1/0 on SQLite, numbers as numbers.
 */
export function toDatabaseValue(type: string, value: unknown, dialect: Dialect, path: string[]): unknown {
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

/** A condition's value with its parameters filled in; undefined when a parameter it needs is unset. */
function conditionValue(condition: Condition, params: Row, dialect: Dialect): unknown {
  const fill = (value: unknown) => {
    const name = typeof value === 'string' ? PARAMETER.exec(value)?.[1] : undefined;
    return name === undefined ? value : params[name];
  };
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
function compare(query: Knex.QueryBuilder, column: string, operator: Operator, value: unknown) {
  switch (operator) {
    case '$in':
      return query.whereIn(column, value as any[]);
    case '$notIn':
      return query.whereNotIn(column, value as any[]);
    case '$null':
      return value ? query.whereNull(column) : query.whereNotNull(column);
    case '$notNull':
      return value ? query.whereNotNull(column) : query.whereNull(column);
    case '$contains':
    case '$startsWith':
      return query.whereRaw(`LOWER(??) LIKE LOWER(?) ESCAPE '!'`, [column, value as string]);
    default:
      if (value === null) return operator === '$eq' ? query.whereNull(column) : query.whereNotNull(column);
      return query.where(column, COMPARISONS[operator]!, value as any);
  }
}

export interface BuiltQuery {
  sql: string;
  bindings: unknown[];
}

/** `bucket index` for a value: a binary tree of CASEs over the bucket bounds (log₂ n comparisons a row). */
export function bucketIndexSql(
  column: string,
  bounds: unknown[],
  low: number,
  high: number
): [string, unknown[]] {
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
  starts: unknown[];
  end: unknown;
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
    const value = conditionValue(condition, params, dialect);
    if (value === undefined) continue;
    const { field, operator } = condition;
    if (!field.via) {
      compare(query, field.column, operator, value);
      continue;
    }
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
      compare(related, `f.${field.column}`, operator, value);
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
    rows.select(knex.raw(`${sql} AS ??`, [...bindings, 'b'] as Knex.RawBinding[]));
    rows.where(column, '>=', bounds.starts[0] as any).where(column, '<', bounds.end as any);
  }
  if (!plan.measure && !plan.group && !plan.bucket) rows.select(knex.raw('1 AS ??', ['one']));

  const measureSql = {
    count: plan.measure ? 'COUNT(d.v)' : 'COUNT(*)',
    sum: 'SUM(d.v)',
    avg: 'AVG(d.v)',
    min: 'MIN(d.v)',
    max: 'MAX(d.v)',
  }[plan.fn];
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

/** The bucket bounds that cover the range the database reported, as it compares them. */
export function boundsFor(
  plan: ContentPlan,
  low: unknown,
  high: unknown,
  dialect: Dialect
): BucketBounds | null {
  if (low === null || low === undefined || high === null || high === undefined) return null;
  const { unit, zone, dateOnly } = plan.bucket!;
  try {
    if (dateOnly) {
      const day = (value: unknown) =>
        (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);
      return dateBucketsBetween(day(low), day(high), unit);
    }
    const instant = (value: unknown) => (value instanceof Date ? value : new Date(value as string | number));
    const buckets = bucketsBetween(instant(low), instant(high), unit, zone);
    const compared = (date: Date) => (dialect === 'sqlite' ? date.getTime() : date);
    return { labels: buckets.labels, starts: buckets.starts.map(compared), end: compared(buckets.end) };
  } catch (error) {
    if (error instanceof BucketError) return fail(['date_bucket'], error.message);
    throw error;
  }
}

/** A value as the API answers it: instants as ISO 8601, booleans as booleans. */
function presentValue(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'datetime' || type === 'timestamp') {
    return (value instanceof Date ? value : new Date(value as string | number)).toISOString();
  }
  if (type === 'date')
    return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
  if (type === 'boolean') return value === true || value === 1 || value === '1';
  return value;
}

/**
 * The result rows under the tile's own column names. Buckets without any row are shown (0 for
 * count and sum, null otherwise) when the tile has no group, so a line chart has no gaps.
 */
export function presentRows(plan: ContentPlan, rows: Row[], bounds: BucketBounds | null): Row[] {
  const { columns } = plan;
  const measureType = plan.fn === 'count' ? 'integer' : (plan.measure?.type ?? 'integer');
  const empty = plan.fn === 'count' || plan.fn === 'sum' ? 0 : null;
  const present = (row: Row): Row => {
    const out: Row = {};
    if (columns.bucket !== undefined) out[columns.bucket] = bounds?.labels[Number(row.bucket_index)] ?? null;
    if (columns.group !== undefined) out[columns.group] = presentValue(plan.group!.type, row.group_key);
    const value = row.measure_value;
    out[columns.measure] =
      value === null || value === undefined
        ? empty
        : presentValue(
            measureType,
            typeof value === 'string' && NUMERIC.has(measureType) ? Number(value) : value
          );
    return out;
  };
  if (!plan.bucket || plan.group || !bounds) return rows.map(present);
  const byIndex = new Map(rows.map((row) => [Number(row.bucket_index), row]));
  let indexes = bounds.labels.map((_, index) => index);
  if (plan.sort === 'desc') indexes.reverse();
  if (plan.limit !== undefined) indexes = indexes.slice(0, plan.limit);
  return indexes.map((index) => present(byIndex.get(index) ?? { bucket_index: index, measure_value: null }));
}

/** The result's column names, in order. */
export const resultColumns = (plan: ContentPlan) =>
  [plan.columns.bucket, plan.columns.group, plan.columns.measure].filter(
    (column): column is string => column !== undefined
  );
