import type { TileSource } from '../../contracts/dashboards';
import type { LinkTable } from '../db/metadata';
import { isTimeZone, type BucketUnit } from './buckets';

/*
 * A content-type tile's structured query, checked and resolved: which table, which columns, which
 * conditions. The SQL is built from the plan (content-sql.ts) and its rows presented
 * (content-results.ts).
 */

export type ContentSource = Extract<TileSource, { kind: 'content-type' }>;

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

export const NUMERIC = new Set(['integer', 'biginteger', 'float', 'decimal', 'increments']);
export const TEMPORAL = new Set(['date', 'datetime', 'timestamp', 'time']);
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
export type Operator = (typeof FILTER_OPERATORS)[number];

/** A field of the queried content type, or of a content type one relation away. */
export interface Field {
  path: string;
  type: string;
  column: string;
  /** The relation it is reached through. */
  via?: { attribute: string; link: LinkTable; table: string; toMany: boolean };
}

export interface Condition {
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

export function fail(path: string[], message: string): never {
  throw new ContentQueryError(path, message);
}

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
        ? Object.entries(given)
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
