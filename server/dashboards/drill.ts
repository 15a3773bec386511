import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DateTime } from 'luxon';
import qs from 'qs';
import type { DrillResult } from '../../contracts/dashboards';
import { getService } from '../get-service';
import { invalidField } from '../http/errors';
import type { Principal } from '../permissions/principal';
import type { Condition, ContentPlan } from '../query/content-plan';
import { comparisons, filled } from '../query/content-sql';
import { SqlRefusedError } from '../query/refusal';
import type { Dialect } from '../query/sql-guard';
import { loadDashboard } from './access';
import { resolveFilterParams } from './filters';
import { checkedContentSource } from './sources';

/** The most rows a SQL tile's drill answers. */
export const DRILL_ROW_CAP = 200;

type Row = Record<string, unknown>;
type CmFilter = Record<string, unknown>;

/** `{ owner: { username: {...} } }` from the path `owner.username`. */
const nested = (path: string, leaf: unknown): CmFilter =>
  path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), leaf) as CmFilter;

const asText = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/** A tile filter as the Content Manager's list filters say it, its parameters filled in (nothing when unset). */
function conditionFilters(condition: Condition, params: Row): CmFilter[] {
  const compared = comparisons(condition, params, 'postgres');
  if (!compared) return [];
  const { path } = condition.field;
  return compared.map(([operator, value]) => {
    // a whole day "not equal" is outside [start, next day)
    if (operator === '$ne' && Array.isArray(value) && condition.operator === '$ne' && value.length === 2) {
      return { $or: [nested(path, { $lt: asText(value[0]) }), nested(path, { $gte: asText(value[1]) })] };
    }
    if (operator === '$contains' || operator === '$startsWith') {
      return nested(path, { [operator]: filled(condition.value, params) });
    }
    return nested(path, {
      [operator]: Array.isArray(value) ? value.map(asText) : asText(value),
    });
  });
}

/**
 * The Content Manager list filters that show the entries behind one point of a content-type tile:
 * the tile's own filters (with the dashboard's values), its group's value and its date bucket's span.
 */
export function contentManagerFilters(
  plan: ContentPlan,
  params: Row,
  point: Record<string, string>
): CmFilter[] {
  const filters = plan.conditions.flatMap((condition) => conditionFilters(condition, params));
  const { group, bucket, columns } = plan;
  if (group && columns.group !== undefined && Object.hasOwn(point, columns.group)) {
    const value = point[columns.group];
    filters.push(nested(group.path, value === '' ? { $null: true } : { $eq: value }));
  }
  if (bucket && columns.bucket !== undefined && Object.hasOwn(point, columns.bucket)) {
    const start = DateTime.fromISO(point[columns.bucket].slice(0, 10), { zone: bucket.zone });
    if (!start.isValid)
      throw invalidField(['point', columns.bucket], 'must be a bucket’s first day (YYYY-MM-DD)');
    const end = start.plus({ [bucket.unit]: 1 });
    filters.push(
      nested(
        bucket.field.path,
        bucket.dateOnly
          ? { $gte: start.toISODate(), $lt: end.toISODate() }
          : { $gte: start.toUTC().toISO(), $lt: end.toUTC().toISO() }
      )
    );
  }
  return filters;
}

const quoteIdentifier = (name: string, dialect: Dialect) =>
  dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;

/**
 * A SQL tile's rows behind one point: its query as a derived table, kept where each of the point's
 * columns has the point's value (bound as parameters, never spliced), at most DRILL_ROW_CAP rows.
 */
export function drillSql(sql: string, point: Record<string, string>, dialect: Dialect) {
  const inner = sql.replace(/[;\s]+$/, '');
  const params: Record<string, unknown> = {};
  const conditions = Object.entries(point).map(([column, value], index) => {
    const name = `drill_point_${index}`;
    params[name] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    return `${quoteIdentifier(column, dialect)} = {{${name}}}`;
  });
  return {
    sql: `SELECT * FROM (\n${inner}\n) drill_rows WHERE ${conditions.join(' AND ')} LIMIT ${DRILL_ROW_CAP}`,
    params,
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * What lies behind one point of a tile (its row's values in `point`): for a content-type tile, the
   * Content Manager list filters of those entries; for a SQL tile, its rows with those values.
   */
  async drill(
    principal: Principal,
    documentId: string,
    tileId: string,
    given: Record<string, string> | undefined,
    point: Record<string, string>
  ): Promise<DrillResult> {
    const dashboard = await loadDashboard(strapi, principal, documentId, 'read', { tiles: true });
    const tile = (dashboard.tiles ?? []).find((candidate) => candidate.documentId === tileId);
    if (!tile) throw new errors.NotFoundError('Tile not found');
    const params = resolveFilterParams(dashboard.filters, given);
    const source = tile.source ?? { kind: 'none' };
    if (source.kind === 'content-type') {
      const plan = checkedContentSource(strapi, principal, source, ['tileId']);
      const filters = contentManagerFilters(plan, params, point);
      const query = qs.stringify(
        { page: 1, pageSize: 10, sort: 'id:ASC', ...(filters.length ? { filters: { $and: filters } } : {}) },
        { encodeValuesOnly: true }
      );
      return {
        kind: 'content-manager',
        uid: plan.uid,
        filters,
        admin_path: `/content-manager/collection-types/${plan.uid}?${query}`,
      };
    }
    if (source.kind === 'sql') {
      const datasource = getService(strapi, 'query').dialectOf(source.datasource_id);
      const derived = drillSql(source.query, point, datasource);
      const result = await getService(strapi, 'query')
        .runSql(
          source.datasource_id,
          derived.sql,
          { ...params, ...derived.params },
          {
            catalog: source.catalog,
            schema: source.schema,
          }
        )
        .catch((error: unknown) => {
          if (error instanceof errors.ApplicationError && !(error instanceof SqlRefusedError)) throw error;
          // a column the result lacks, a value its type refuses: the database's own words
          throw invalidField(['point'], error instanceof Error ? error.message : String(error));
        });
      return {
        kind: 'rows',
        columns: result.columns as string[],
        rows: result.rows,
        truncated: result.rows.length >= DRILL_ROW_CAP || Boolean(result.truncated),
      };
    }
    throw invalidField(['tileId'], 'only content-type and SQL tiles lead to their records');
  },
});
