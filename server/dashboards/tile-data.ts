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
  results: Map<string, Promise<ExecutedQuery & { scope?: Scope }>>;
  budget: ByteBudget;
}

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
  const newCache = (): QueryCache => ({
    results: new Map(),
    budget: new ByteBudget(getConfig(strapi).query.maxResponseBytes),
  });

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
        query().runSql(source.datasource_id, sql, params, { ...options, budget: cache.budget })
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
    if (!cache.results.has(key))
      cache.results.set(key, query().runContent(source, params, reader, cache.budget));
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
          const { result, scope } = await getService(strapi, 'analytics').runScoped(
            reader,
            source.endpoint,
            given
          );
          const rows = analyticsRows(result, tile.tile_type);
          return {
            columns: Object.keys(rows[0] ?? {}),
            rows,
            truncated: false,
            execution_time_ms: Math.round(performance.now() - started),
            scope,
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
    cache: QueryCache = newCache()
  ): Promise<TileResult> {
    const started = performance.now();
    const outcome = (data: TileResult['data'], error: string | null, scope?: Scope): TileResult => ({
      id: tile.documentId,
      title: tile.title,
      tile_type: tile.tile_type,
      data,
      error,
      executed_at: new Date().toISOString(),
      execution_time_ms: Math.round(performance.now() - started),
      ...(scope ? { scope } : {}),
    });
    const source: TileSource = tile.source ?? { kind: 'none' };
    try {
      switch (source.kind) {
        case 'sql': {
          const result = await runSqlOnce(source, source.query, params, cache, tableSort(tile));
          return outcome(await shaped(tile, result, params, cache), null);
        }
        case 'content-type': {
          const result = await runContentOnce(source, params, reader, cache);
          const sort = tableSort(tile);
          // an aggregate's few rows (empty buckets included), in the table's order
          const rows = sort ? sortRows(result.rows, sort) : result.rows;
          return outcome(await shaped(tile, { ...result, rows }, params, cache), null);
        }
        case 'analytics': {
          const result = await runAnalyticsOnce(tile, source, params, reader, cache);
          return outcome(await shaped(tile, result, params, cache), null, result.scope);
        }
        default:
          return outcome(null, null);
      }
    } catch (error) {
      return outcome(null, errorText(error));
    }
  }

  return {
    runTile,
    /**
     * Every tile at once, as `reader` (content-type and analytics tiles run with its permissions and
     * scope); each datasource bounds its own concurrency, and one tile's failure is its own `error`.
     */
    runTiles(
      tiles: TileRow[],
      params: Record<string, unknown>,
      reader: Principal,
      onResult?: (result: TileResult) => void | Promise<void>
    ): Promise<TileResult[]> {
      const cache = newCache();
      return Promise.all(
        tiles.map(async (tile) => {
          const result = await runTile(tile, params, reader, cache);
          await onResult?.(result);
          return result;
        })
      );
    },
  };
};
