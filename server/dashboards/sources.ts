import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { forbidden, invalidField } from '../http/errors';
import { ACTIONS } from '../permissions/actions';
import type { Principal } from '../permissions/principal';
import { getService } from '../get-service';
import { SqlRefusedError } from '../query/refusal';
import { QUERY_ROUTES } from '../query/routes';
import { ContentQueryError } from '../query/content-plan';
import type { CanonicalTile } from './tile-schema';
import { SCOPES, type Scope } from '../analytics/period';

/** The content-API action that lets a caller write SQL (the preview route's own action). */
export const CONTENT_API_SQL_ACTION = QUERY_ROUTES.preview.contentApiAction;

/**
 * A content-type tile names only content types and fields its reader or writer may read, and
 * fields that exist: its plan, else a 403 or 400 naming the field under `path`.
 */
export function checkedContentSource(
  strapi: Core.Strapi,
  principal: Principal,
  source: Extract<CanonicalTile['source'], { kind: 'content-type' }>,
  path: (string | number)[]
) {
  try {
    return getService(strapi, 'query').checkContent(source, principal);
  } catch (error) {
    if (!(error instanceof ContentQueryError)) throw error;
    const at = [...path, 'source', ...error.path].map(String);
    if (error.forbidden) throw forbidden(error.message, { path: at });
    throw invalidField(at, error.message);
  }
}

const FILTER_VALUE = /^\{\{\s*[A-Za-z_]\w*\s*\}\}$/;

/**
 * An analytics tile may not ask for a scope wider than its writer's widest (a `{{filter}}` value is
 * checked when it runs, as every scope is).
 */
async function assertAnalyticsScopeAllowed(
  strapi: Core.Strapi,
  principal: Principal,
  source: Extract<CanonicalTile['source'], { kind: 'analytics' }>,
  path: (string | number)[]
) {
  const asked = source.params?.scope;
  if (typeof asked !== 'string' || FILTER_VALUE.test(asked)) return;
  const at = [...path, 'source', 'params', 'scope'].map(String);
  if (!(SCOPES as readonly string[]).includes(asked))
    throw invalidField(at, `must be one of ${SCOPES.join(', ')}`);
  const widest = await getService(strapi, 'analytics').widestScope(principal);
  if (widest && SCOPES.indexOf(asked as Scope) > SCOPES.indexOf(widest)) {
    throw invalidField(at, `"${asked}" is wider than your widest analytics scope "${widest}"`);
  }
}

/** Every field of a tile that holds SQL (all of them run on the tile's SQL datasource, as its reader). */
export function sqlFields(tile: Partial<CanonicalTile>): { path: string[]; query: string }[] {
  const fields: { path: string[]; query: string }[] = [];
  if (tile.source?.kind === 'sql') fields.push({ path: ['source', 'query'], query: tile.source.query });
  const comparison = (tile.chart_config as { comparison?: { query?: unknown } } | undefined)?.comparison;
  if (typeof comparison?.query === 'string') {
    fields.push({ path: ['chart_config', 'comparison', 'query'], query: comparison.query });
  }
  return fields;
}

/**
 * Writing SQL — a SQL tile's query or a KPI's comparison query — needs the SQL permission (admin:
 * "Run SQL on datasources"; content API: the preview route's action), a datasource whose reader
 * passed the probe, and the text checks: when the tile is saved, and again each time it runs. On
 * update (`current` given), only the SQL the change writes is checked.
 */
export async function assertTileSourcesAllowed(
  strapi: Core.Strapi,
  principal: Principal,
  tiles: { tile: CanonicalTile; path: (string | number)[]; current?: CanonicalTile }[]
) {
  for (const { tile, path, current } of tiles) {
    const source = tile.source;
    if (source?.kind === 'content-type') checkedContentSource(strapi, principal, source, path);
    if (source?.kind === 'analytics') await assertAnalyticsScopeAllowed(strapi, principal, source, path);
    const merged: CanonicalTile = current ? { ...current, ...tile } : tile;
    const before = new Map(
      current ? sqlFields(current).map((field) => [field.path.join('.'), field.query]) : []
    );
    const written = sqlFields(merged).filter(
      (field) => !current || tile.source !== undefined || before.get(field.path.join('.')) !== field.query
    );
    if (written.length === 0 || merged.source?.kind !== 'sql') continue;
    if (!principal.can(principal.kind === 'admin' ? ACTIONS.sqlExecute : CONTENT_API_SQL_ACTION)) {
      throw forbidden('Saving SQL needs the permission to run SQL', {
        path: [...path, ...written[0].path].map(String),
      });
    }
    for (const field of written) {
      try {
        await getService(strapi, 'query').check(merged.source.datasource_id, field.query, merged.source);
      } catch (error) {
        if (error instanceof SqlRefusedError) {
          throw invalidField([...path, ...field.path].map(String), error.message, { reason: error.reason });
        }
        if (error instanceof errors.ValidationError) {
          // an unknown datasource, or a catalog/schema it cannot use: named as this tile's field
          const [named] = (error.details as { errors?: { path: string[]; message: string }[] }).errors ?? [];
          throw invalidField(
            [...path, 'source', ...(named?.path ?? [])].map(String),
            named?.message ?? error.message
          );
        }
        throw error;
      }
    }
  }
}

/** A chart_config for public, shared and embedded readers: every SQL-bearing field left out. */
export function chartConfigWithoutSql(config: Record<string, unknown>): Record<string, unknown> {
  const comparison = config.comparison;
  if (!comparison || typeof comparison !== 'object' || !('query' in comparison)) return config;
  const { query: _query, ...rest } = comparison as Record<string, unknown>;
  return { ...config, comparison: rest };
}
