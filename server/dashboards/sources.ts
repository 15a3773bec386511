import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { forbidden, invalidField } from '../http/errors';
import { ACTIONS } from '../permissions/actions';
import type { Principal } from '../permissions/principal';
import { getService } from '../services';
import { SqlRefusedError } from '../query/sql-guard';
import { ContentQueryError } from '../query/content-query';
import type { CanonicalTile } from './validation';

/** The content-API action that lets a caller write SQL (the preview route's own action). */
export const CONTENT_API_SQL_ACTION = 'plugin::dashboards.query.preview';

/** A content-type tile names only content types and fields its writer may read, and fields that exist. */
function assertContentSourceAllowed(
  strapi: Core.Strapi,
  principal: Principal,
  source: Extract<CanonicalTile['source'], { kind: 'content-type' }>,
  path: (string | number)[]
) {
  try {
    getService(strapi, 'query').checkContent(source, principal);
  } catch (error) {
    if (!(error instanceof ContentQueryError)) throw error;
    const at = [...path, 'source', ...error.path].map(String);
    if (error.forbidden) throw forbidden(error.message, { path: at });
    throw invalidField(at, error.message);
  }
}

/**
 * Writing a SQL tile needs the SQL permission (admin: "Run SQL on datasources"; content API: the
 * preview route's action), and its query must pass the SQL guard of its datasource: checked when
 * the tile is saved, and again each time it runs.
 */
export function assertTileSourcesAllowed(
  strapi: Core.Strapi,
  principal: Principal,
  tiles: { tile: CanonicalTile; path: (string | number)[] }[]
) {
  for (const { tile, path } of tiles) {
    const source = tile.source;
    if (source?.kind === 'content-type') assertContentSourceAllowed(strapi, principal, source, path);
    if (source?.kind !== 'sql') continue;
    if (!principal.can(principal.kind === 'admin' ? ACTIONS.sqlExecute : CONTENT_API_SQL_ACTION)) {
      throw forbidden('Saving a SQL tile needs the permission to run SQL', {
        path: [...path, 'source'].map(String),
      });
    }
    try {
      getService(strapi, 'query').check(source.datasource_id, source.query, source);
    } catch (error) {
      if (error instanceof SqlRefusedError) {
        throw invalidField([...path, 'source', 'query'], error.message, { reason: error.reason });
      }
      if (error instanceof errors.ValidationError) {
        // an unknown datasource, or a catalog/schema it cannot use: named as this tile's field
        const [field] = (error.details as { errors?: { path: string[]; message: string }[] }).errors ?? [];
        throw invalidField([...path, 'source', ...(field?.path ?? [])], field?.message ?? error.message);
      }
      throw error;
    }
  }
}
