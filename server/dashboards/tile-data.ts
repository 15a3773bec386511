import type { Core } from '@strapi/strapi';
import type { TileSource } from '../../contracts/dashboards';
import type { Principal } from '../permissions/principal';
import { getService } from '../get-service';
import { ContentQueryError } from '../query/content-plan';
import type { ExecutedQuery } from '../query/service';
import { ByteBudget } from '../query/runners';
import { getConfig } from '../config';
import { shapeResult, sortRows, tableSort, type TableSort } from '../../contracts/tile-shape';
import type { Scope } from '../analytics/period';
import type { TileResult } from '../../contracts/snapshots';
import type { TileRow } from '../db/rows';
import {
  contentSource,
  datasourceSource,
  EVERY_SOURCE,
  NotCachedError,
  STRAPI_DB_MANUAL,
} from '../cache/service';

type Row = Record<string, unknown>;

/** What running a tile reads: a stored tile, or one being previewed before it is saved. */
export type RunnableTile = Pick<TileRow, 'documentId' | 'title' | 'tile_type'> &
  Partial<Pick<TileRow, 'chart_type' | 'source' | 'chart_config'>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export type { TileResult } from '../../contracts/snapshots';

/**
 * One call's shared state: identical queries run once (the cache holds their promises), and all
 * results draw from one response byte budget.
 */
export interface QueryCache {
  results: Map<string, Promise<Computed>>;
  budget: ByteBudget;
  /** Whether results may come from (and go to) the result cache across requests (docs/cache.md). */
  shared: boolean;
  /** Only what the result cache holds now: nothing is computed (GET /:id/data?only=cached). */
  cachedOnly?: boolean;
}

/** A query's result, with when it was computed when that was before this call (a cached result). */
type Computed = ExecutedQuery & { scope?: Scope; executedAt?: string; cached?: boolean };

/** The result cache's view of a tile query's result: its rows weigh on the response's budget. */
const rowsBytes = (bytes: number, budget: ByteBudget) => budget.take(bytes);
const keepable = (value: unknown) => (value as ExecutedQuery).truncated_reason !== 'response_bytes';

const errorText = (error: unknown) => {
  if (error instanceof ContentQueryError && !error.forbidden) {
    return `source.${error.path.join('.')}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
};

const PARAMETER = /^\{\{\s*([A-Za-z_]\w*)\s*\}\}$/;

/**
 * An analytics result as rows: a list is its rows; an object is one row of its values, or, for a
 * chart or table, the rows of its one list (activities-summary's byType …).
 */
function analyticsRows(result: unknown, tileType: string): Row[] {
  if (Array.isArray(result)) return result as Row[];
  const record = (result ?? {}) as Row;
  const lists = Object.values(record).filter(Array.isArray);
  if (lists.length === 1 && tileType !== 'kpi' && tileType !== 'metric') return lists[0] as Row[];
  return [Object.fromEntries(Object.entries(record).filter(([, value]) => !Array.isArray(value)))];
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => getService(strapi, 'query');
  const newCache = (shared = false): QueryCache => ({
    results: new Map(),
    budget: new ByteBudget(getConfig(strapi).query.maxResponseBytes),
    shared,
  });
  const resultCache = () => getService(strapi, 'cache');

  /** `compute` through the result cache when the call may use it. */
  async function throughCache(
    cache: QueryCache,
    kind: string,
    key: unknown,
    sources: string[] | null,
    compute: () => Promise<ExecutedQuery>
  ): Promise<Computed> {
    if (cache.cachedOnly && sources === null) throw new NotCachedError();
    if (!cache.shared || sources === null) return compute();
    const request = {
      kind,
      key,
      sources,
      admit: (bytes: number) => rowsBytes(bytes, cache.budget),
      keep: keepable,
      viewer: cache,
    };
    const { value, executedAt, cached } = cache.cachedOnly
      ? await resultCache().peek<ExecutedQuery>(request)
      : await resultCache().cached(request, compute);
    return { ...value, executedAt, cached };
  }

  /** What a SQL tile's result depends on: Strapi's database, or an external one when it is cached. */
  const sqlSources = (datasourceId: string) =>
    datasourceId === 'strapi'
      ? [EVERY_SOURCE]
      : getConfig(strapi).cache.externalDatasources
        ? [datasourceSource(datasourceId)]
        : null;

  function runSqlOnce(
    source: Extract<TileSource, { kind: 'sql' }>,
    sql: string,
    params: Record<string, unknown>,
    cache: QueryCache,
    orderBy?: TableSort
  ) {
    const options = { catalog: source.catalog, schema: source.schema, orderBy };
    const key = JSON.stringify([source.datasource_id, options, sql, params]);
    if (!cache.results.has(key)) {
      cache.results.set(
        key,
        // the result depends on the datasource, the SQL, its parameters and options only: the
        // caller's rights are checked before (who may read the dashboard), never inside
        throughCache(cache, 'sql', key, sqlSources(source.datasource_id), () =>
          query().runSql(source.datasource_id, sql, params, { ...options, budget: cache.budget })
        )
      );
    }
    return cache.results.get(key)!;
  }

  function runContentOnce(
    source: Extract<TileSource, { kind: 'content-type' }>,
    params: Record<string, unknown>,
    reader: Principal,
    cache: QueryCache
  ) {
    const key = JSON.stringify(['content-type', source, params]);
    if (!cache.results.has(key)) {
      cache.results.set(
        key,
        (async () => {
          if (!cache.shared) return query().runContent(source, params, reader, cache.budget);
          // The plan is made with the caller's permissions on every call (a missing content-type or
          // field permission throws here, cached or not); the SQL is a function of the plan and the
          // parameters alone, so the plan is the rights part of the key.
          const plan = query().checkContent(source, reader);
          const model = strapi.getModel(plan.uid as any) as any;
          const related = [plan.group, ...plan.conditions.map((condition) => condition.field)]
            .map((field) => field?.via && model?.attributes?.[field.via.attribute]?.target)
            .filter((uid): uid is string => typeof uid === 'string');
          return throughCache(
            cache,
            'content-type',
            [plan, params],
            [STRAPI_DB_MANUAL, ...[plan.uid, ...related].map(contentSource)],
            () => query().runContent(source, params, reader, cache.budget)
          );
        })()
      );
    }
    return cache.results.get(key)!;
  }

  function runAnalyticsOnce(
    tile: RunnableTile,
    source: Extract<TileSource, { kind: 'analytics' }>,
    params: Record<string, unknown>,
    reader: Principal,
    cache: QueryCache
  ) {
    // a parameter written "{{name}}" takes the dashboard filter's value (left out while it has none)
    const given: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(source.params ?? {})) {
      const filter = typeof value === 'string' ? PARAMETER.exec(value)?.[1] : undefined;
      const filled = filter === undefined ? value : params[filter];
      if (filled !== undefined && filled !== null) given[name] = String(filled);
    }
    const key = JSON.stringify(['analytics', source.endpoint, given, tile.tile_type]);
    if (!cache.results.has(key)) {
      cache.results.set(
        key,
        (async () => {
          const started = performance.now();
          const { result, scope, executedAt, cached } = await getService(strapi, 'analytics').runScoped(
            reader,
            source.endpoint,
            given,
            { cache: cache.shared, viewer: cache, cachedOnly: cache.cachedOnly }
          );
          const rows = analyticsRows(result, tile.tile_type);
          return {
            columns: Object.keys(rows[0] ?? {}),
            rows,
            truncated: false,
            execution_time_ms: Math.round(performance.now() - started),
            scope,
            ...(cache.shared ? { executedAt, cached } : {}),
          };
        })()
      );
    }
    return cache.results.get(key)!;
  }

  /** Raw rows plus the chart-ready form of the tile's type (a KPI's comparison query run first). */
  async function shaped(
    tile: RunnableTile,
    result: ExecutedQuery,
    params: Record<string, unknown>,
    cache: QueryCache
  ) {
    const config = tile.chart_config ?? {};
    let compareTo: number | null = null;
    if (
      (tile.tile_type === 'kpi' || tile.tile_type === 'metric') &&
      tile.source?.kind === 'sql' &&
      isRecord(config.comparison) &&
      config.comparison.enabled !== false &&
      typeof config.comparison.query === 'string'
    ) {
      const previous = await runSqlOnce(tile.source, config.comparison.query, params, cache);
      const field = String(config.valueField ?? previous.columns[0]);
      compareTo = previous.rows[0] ? Number(previous.rows[0][field]) : null;
    }
    return shapeResult(tile, result, compareTo);
  }

  async function runTile(
    tile: RunnableTile,
    params: Record<string, unknown>,
    reader: Principal,
    given: QueryCache | { shared: boolean } = newCache()
  ): Promise<TileResult> {
    const cache = 'results' in given ? given : newCache(given.shared);
    const started = performance.now();
    const outcome = (
      data: TileResult['data'],
      error: string | null,
      scope?: Scope,
      from?: Computed
    ): TileResult => ({
      id: tile.documentId,
      title: tile.title,
      tile_type: tile.tile_type,
      data,
      error,
      // a cached result keeps the time it was computed at: "Computed at" stays true
      executed_at: from?.executedAt ?? new Date().toISOString(),
      execution_time_ms: Math.round(performance.now() - started),
      ...(scope ? { scope } : {}),
      ...(from?.cached ? { cached: true } : {}),
    });
    const source: TileSource = tile.source ?? { kind: 'none' };
    try {
      switch (source.kind) {
        case 'sql': {
          const result = await runSqlOnce(source, source.query, params, cache, tableSort(tile));
          return outcome(await shaped(tile, result, params, cache), null, undefined, result);
        }
        case 'content-type': {
          const result = await runContentOnce(source, params, reader, cache);
          const sort = tableSort(tile);
          // an aggregate's few rows (empty buckets included), in the table's order
          const rows = sort ? sortRows(result.rows, sort) : result.rows;
          return outcome(await shaped(tile, { ...result, rows }, params, cache), null, undefined, result);
        }
        case 'analytics': {
          const result = await runAnalyticsOnce(tile, source, params, reader, cache);
          return outcome(await shaped(tile, result, params, cache), null, result.scope, result);
        }
        default:
          return outcome(null, null);
      }
    } catch (error) {
      if (error instanceof NotCachedError) return { ...outcome(null, null), pending: true };
      return outcome(null, errorText(error));
    }
  }

  return {
    runTile,
    /**
     * Every tile at once, as `reader` (content-type and analytics tiles run with its permissions and
     * scope); each datasource bounds its own concurrency, and one tile's failure is its own `error`.
     * The results draw on one response byte budget, or each on its own (`budgetPerTile`).
     */
    runTiles(
      tiles: TileRow[],
      params: Record<string, unknown>,
      reader: Principal,
      onResult?: (result: TileResult) => void | Promise<void>,
      options: { cache?: boolean; cachedOnly?: boolean; budgetPerTile?: boolean } = {}
    ): Promise<TileResult[]> {
      const cache = { ...newCache(options.cache ?? false), cachedOnly: options.cachedOnly ?? false };
      // a streamed answer is written tile by tile: each tile has a response's budget (identical
      // queries still run once)
      const budgetOf = () => (options.budgetPerTile ? { ...cache, budget: newCache().budget } : cache);
      return Promise.all(
        tiles.map(async (tile) => {
          const result = await runTile(tile, params, reader, budgetOf());
          await onResult?.(result);
          return result;
        })
      );
    },
  };
};
