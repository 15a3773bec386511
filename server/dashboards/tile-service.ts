import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { MAX_TILES, type Tile } from '../../contracts/dashboards';
import { UID } from '../content-types';
import { invalidField } from '../http/errors';
import type { Principal } from '../permissions/principal';
import { getService } from '../get-service';
import { loadDashboard } from './access';
import { resolveFilterParams } from './filters';
import { firstFreePosition } from './layout';
import { assertValidLayout } from './layout-guard';
import { pickGrid } from './service';
import { layoutOf, toTile } from './serialize';
import { checkTileRules, type CanonicalTile } from './tile-schema';
import { assertTileSourcesAllowed } from './sources';
import type { TileRow } from '../db/rows';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tiles = () => strapi.db.query(UID.tile);

  /** The dashboard (for an update), its tiles, and the guard against a running refresh. */
  async function openForUpdate(principal: Principal, documentId: string) {
    const dashboard = await loadDashboard(strapi, principal, documentId, 'update', { tiles: true });
    await getService(strapi, 'dashboard').assertNotRefreshing(dashboard.id);
    return { dashboard, existing: dashboard.tiles ?? [], columns: layoutOf(dashboard).columns };
  }

  const tileNotFound = () => new errors.NotFoundError('Tile not found');

  /** After a tile write, in its transaction: the dashboard's updatedAt and its new revision. */
  const saved = async (principal: Principal, dashboardId: number) => {
    await strapi.db
      .query(UID.dashboard)
      .update({ where: { id: dashboardId }, data: { updatedAt: new Date() } });
    await getService(strapi, 'revisions').record(principal, dashboardId);
  };

  return {
    async create(principal: Principal, documentId: string, tile: CanonicalTile): Promise<Tile> {
      const { dashboard, existing, columns } = await openForUpdate(principal, documentId);
      await assertTileSourcesAllowed(strapi, principal, [{ tile, path: [] }]);
      if (existing.length >= MAX_TILES)
        throw invalidField(['tiles'], `a dashboard holds at most ${MAX_TILES} tiles`);
      if (tile.grid_x === undefined || tile.grid_y === undefined) {
        Object.assign(
          tile,
          firstFreePosition(existing.map(pickGrid), { grid_w: tile.grid_w!, grid_h: tile.grid_h! }, columns)
        );
      }
      assertValidLayout(
        [
          ...existing.map((row) => ({ ref: { tile_id: row.documentId }, ...pickGrid(row) })),
          { ref: { tile_id: 'new tile' }, path: ['grid_x'], ...pickGrid(tile) },
        ],
        columns
      );
      const created = await strapi.db.transaction(async () => {
        const row = await tiles().create({ data: { ...tile, dashboard: dashboard.id } });
        await saved(principal, dashboard.id);
        return row;
      });
      return toTile(created, documentId);
    },

    /** Runs a tile before it is saved, exactly as /data would run it, as someone who may edit the dashboard. */
    async preview(
      principal: Principal,
      documentId: string,
      tile: CanonicalTile,
      given: Record<string, string> | undefined
    ) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'update');
      await assertTileSourcesAllowed(strapi, principal, [{ tile, path: [] }]);
      const params = resolveFilterParams(dashboard.filters, given);
      return getService(strapi, 'tileData').runTile(
        // the preview schema gives every tile its defaults, a tile type among them
        { ...tile, documentId: 'preview', title: tile.title ?? '', tile_type: tile.tile_type ?? 'chart' },
        params,
        principal
      );
    },

    async update(
      principal: Principal,
      documentId: string,
      tileId: string,
      patch: CanonicalTile
    ): Promise<Tile> {
      const { dashboard, existing, columns } = await openForUpdate(principal, documentId);
      const current = existing.find((row) => row.documentId === tileId);
      if (!current) throw tileNotFound();
      await assertTileSourcesAllowed(strapi, principal, [{ tile: patch, path: [], current }]);
      const merged: CanonicalTile = { ...current, ...patch };
      const problems: { path: string[]; message: string; name: string }[] = [];
      checkTileRules(merged, (path, message) =>
        problems.push({ path: path.map(String), message, name: 'ValidationError' })
      );
      if (problems.length) {
        throw new errors.ValidationError(`${problems[0].path.join('.')}: ${problems[0].message}`, {
          errors: problems,
        });
      }
      assertValidLayout(
        existing.map((row) =>
          row.id === current.id
            ? { ref: { tile_id: row.documentId }, path: ['grid_x'], ...pickGrid(merged) }
            : { ref: { tile_id: row.documentId }, ...pickGrid(row) }
        ),
        columns
      );
      const updated = await strapi.db.transaction(async () => {
        const row = await tiles().update({ where: { id: current.id }, data: patch });
        await saved(principal, dashboard.id);
        return row;
      });
      return toTile(updated, documentId);
    },

    async remove(principal: Principal, documentId: string, tileId: string) {
      const { dashboard, existing } = await openForUpdate(principal, documentId);
      const current = existing.find((row) => row.documentId === tileId);
      if (!current) throw tileNotFound();
      await strapi.db.transaction(async () => {
        await tiles().delete({ where: { id: current.id } });
        await saved(principal, dashboard.id);
      });
    },

    /** Positions after drag and drop: all applied or none. Tiles not named keep their place. */
    async updateLayout(
      principal: Principal,
      documentId: string,
      layouts: ({ tile_id: string } & Pick<TileRow, 'grid_x' | 'grid_y' | 'grid_w' | 'grid_h'>)[]
    ) {
      const { dashboard, existing, columns } = await openForUpdate(principal, documentId);
      const byDocumentId = new Map(existing.map((row) => [row.documentId, row]));
      const seen = new Set<string>();
      layouts.forEach((layout, index) => {
        if (!byDocumentId.has(layout.tile_id))
          throw invalidField(['layouts', index, 'tile_id'], 'is not a tile of this dashboard');
        if (seen.has(layout.tile_id)) throw invalidField(['layouts', index, 'tile_id'], 'appears twice');
        seen.add(layout.tile_id);
      });
      const positions = new Map(layouts.map((layout, index) => [layout.tile_id, { layout, index }]));
      assertValidLayout(
        existing.map((row) => {
          const moved = positions.get(row.documentId);
          return moved
            ? { ref: { tile_id: row.documentId }, path: ['layouts', moved.index], ...pickGrid(moved.layout) }
            : { ref: { tile_id: row.documentId }, ...pickGrid(row) };
        }),
        columns
      );
      await strapi.db.transaction(async () => {
        for (const { tile_id, ...grid } of layouts) {
          await tiles().update({ where: { id: byDocumentId.get(tile_id)!.id }, data: pickGrid(grid) });
        }
        await saved(principal, dashboard.id);
      });
    },
  };
};
