import type { Core } from '@strapi/strapi';
import type {
  Dashboard,
  DashboardExport,
  DashboardLayout,
  DashboardSettings,
  ListDashboardsResponse,
  ListDashboardTagsResponse,
} from '../../contracts/dashboards';
import { PassThrough, type Readable } from 'node:stream';
import type { DashboardData, TileResult } from '../../contracts/snapshots';
import type { DashboardListRow, DashboardRow, TileRow } from '../db/rows';
import { UID } from '../content-types';
import { invalidField } from '../http/errors';
import type { Principal } from '../permissions/principal';
import { accessPopulate, loadDashboard, permissionsFor, roleAllows, visibleWhere } from './access';
import { assertValidLayout } from './layout-guard';
import { firstFreePosition } from './layout';
import { byPosition, layoutOf, settingsOf, toDashboard, toExport, toListItem } from './serialize';
import { importSchema, type CanonicalDashboard } from './dashboard-schema';
import type { ListQuery, TagsQuery } from './request-params';
import { countTags, taggedIds } from './tags';
import type { CanonicalTile } from './tile-schema';
import { resolveFilterParams } from './filters';
import { assertTileSourcesAllowed } from './sources';
import { refreshLock } from '../scheduling/lock';
import { getService } from '../get-service';
import { errors } from '@strapi/utils';
import { sameJson } from '../../contracts/same-json';
import type { SaveReason } from './revisions';

/** The fields of a dashboard a create or an update writes. */
interface DashboardWrite {
  name?: string;
  description?: string | null;
  tags?: string[];
  status?: DashboardRow['status'];
  is_archived?: boolean;
  filters?: CanonicalDashboard['filters'];
  layout?: DashboardLayout;
  settings?: DashboardSettings;
  embed_settings?: DashboardRow['embed_settings'];
  workspace?: number | null;
  owner?: number;
  owner_admin?: number;
}

const DEFAULT_LIMIT = 20;
const SORT_COLUMNS = { created_at: 'createdAt', updated_at: 'updatedAt', name: 'name' } as const;
const TILES_POPULATE = { tiles: true };
/** The children a dashboard owns, removed with it. */
const CHILDREN = [
  UID.tile,
  UID.snapshot,
  UID.schedule,
  UID.shareLink,
  UID.refreshRun,
  UID.member,
  UID.revision,
  UID.subscription,
];

/** How GET /:id/data runs the tiles: through the result cache, only what it holds, only some tiles. */
interface DataOptions {
  cache?: boolean;
  cachedOnly?: boolean;
  tiles?: string[];
}

type BodyTile = NonNullable<CanonicalDashboard['tiles']>[number];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const dashboards = () => strapi.db.query(UID.dashboard);
  const tiles = () => strapi.db.query(UID.tile);

  /** A refresh of the dashboard holds it while its lease runs: writes answer 409 until then. */
  const { assertIdle: assertNotRefreshing } = refreshLock(strapi);

  /** The workspace row for `workspace_id`; a user must be one of its members. */
  async function resolveWorkspace(principal: Principal, workspaceId: string | null | undefined) {
    if (workspaceId === undefined) return undefined;
    if (workspaceId === null) return null;
    const where: Record<string, unknown> = { documentId: workspaceId };
    if (principal.kind === 'user') where.members = { id: principal.id };
    const workspace = await strapi.db.query(UID.workspace).findOne({ where, select: ['id'] });
    if (!workspace) throw invalidField(['workspace_id'], 'no such workspace, or you are not a member of it');
    return workspace.id as number;
  }

  /** Positions for body tiles that gave none, then the layout rules over the whole set. */
  function placeAndCheck(entries: BodyTile[], columns: number) {
    const placed: CanonicalTile[] = [];
    for (const entry of entries.filter((candidate) => candidate.tile.grid_x !== undefined))
      placed.push(entry.tile);
    for (const entry of entries.filter((candidate) => candidate.tile.grid_x === undefined)) {
      Object.assign(entry.tile, firstFreePosition(placed as never, entry.tile as never, columns));
      entry.tile.grid_y ??= 0;
      placed.push(entry.tile);
    }
    for (const entry of entries) entry.tile.grid_y ??= 0;
    assertValidLayout(
      entries.map((entry) => ({
        ref: entry.ref,
        path: entry.path,
        grid_x: entry.tile.grid_x!,
        grid_y: entry.tile.grid_y!,
        grid_w: entry.tile.grid_w!,
        grid_h: entry.tile.grid_h!,
      })),
      columns
    );
  }

  /** The list's `where`: what the caller may see, narrowed by the query's filters. */
  function listWhere(principal: Principal, query: TagsQuery & Pick<ListQuery, 'tag'>) {
    const conditions: Record<string, unknown>[] = [visibleWhere(principal)];
    if (!query.include_archived) conditions.push({ is_archived: false });
    if (query.workspace_id) conditions.push({ workspace: { documentId: query.workspace_id } });
    if (query.search) {
      conditions.push({
        $or: [{ name: { $containsi: query.search } }, { description: { $containsi: query.search } }],
      });
    }
    if (query.tag) conditions.push({ id: { $in: taggedIds(strapi, query.tag) } });
    return { $and: conditions };
  }

  const dashboardData = (input: CanonicalDashboard, current: Partial<DashboardRow> = {}) => {
    const data: DashboardWrite = {};
    if (input.name !== undefined) data.name = input.name;
    if (input.description !== undefined) data.description = input.description;
    if (input.tags !== undefined) data.tags = input.tags;
    if (input.status !== undefined) data.status = input.status;
    if (input.is_archived !== undefined) data.is_archived = input.is_archived;
    if (input.filters !== undefined) data.filters = input.filters;
    if (input.layout) data.layout = { ...layoutOf(current), ...input.layout };
    if (input.settings) data.settings = { ...settingsOf(current), ...input.settings };
    if (input.embed) data.embed_settings = { ...(current.embed_settings ?? {}), ...input.embed };
    return data;
  };

  const tileData = (tile: CanonicalTile, dashboardId: number) => ({ ...tile, dashboard: dashboardId });

  async function read(principal: Principal, documentId: string): Promise<Dashboard> {
    const row = await loadDashboard(strapi, principal, documentId, 'read', TILES_POPULATE);
    const members = roleAllows(principal, row, 'members')
      ? await strapi.db.query(UID.member).findMany({
          where: { dashboard: { id: row.id } },
          populate: { user: { select: ['id', 'username'] } },
          orderBy: { id: 'asc' },
        })
      : undefined;
    const permissions = permissionsFor(principal, row);
    const dashboard = toDashboard(row, permissions, members);
    if (!permissions.can_share || !row.is_public) return dashboard;
    return { ...dashboard, share_token: await getService(strapi, 'sharing').publicTokenOf(row.id) };
  }

  /** A dashboard's tiles to run (all, in grid order, or those named) and its filters' values. */
  async function tilesToRun(
    principal: Principal,
    documentId: string,
    given: Record<string, string> | undefined,
    only: string[] | undefined
  ) {
    const row = await loadDashboard(strapi, principal, documentId, 'read', TILES_POPULATE);
    const params = resolveFilterParams(row.filters, given);
    let tiles = [...(row.tiles ?? [])].sort(byPosition);
    if (only) {
      const known = new Set(tiles.map((tile) => tile.documentId));
      const unknown = only.find((tileId) => !known.has(tileId));
      if (unknown !== undefined) throw invalidField(['tiles'], `this dashboard has no tile ${unknown}`);
      const wanted = new Set(only);
      tiles = tiles.filter((tile) => wanted.has(tile.documentId));
    }
    return { row, tiles, params };
  }

  return {
    assertNotRefreshing,
    findOne: read,

    async list(principal: Principal, query: ListQuery): Promise<ListDashboardsResponse> {
      const limit = query.limit ?? DEFAULT_LIMIT;
      const offset = query.offset ?? ((query.page ?? 1) - 1) * limit;
      const where = listWhere(principal, query);
      const order = query.order ?? 'desc';
      const orderBy = [{ [SORT_COLUMNS[query.sort ?? 'updated_at']]: order }, { id: order }];
      const populate = {
        ...accessPopulate(principal),
        tiles: { count: true },
        share_links: {
          select: ['token_sealed', 'expires_at', 'access_count'],
          where: { revoked: false, kind: 'link' },
          orderBy: { id: 'asc' },
        },
      };

      const [rows, total] = await Promise.all([
        dashboards().findMany({ where, orderBy, offset, limit, populate }),
        dashboards().count({ where }),
      ]);

      const totalPages = Math.ceil(total / limit);
      return {
        data: rows.map((row: DashboardListRow) => {
          const permissions = permissionsFor(principal, row);
          const item = toListItem(row, permissions);
          if (!permissions.can_share) return item;
          const links = (row.share_links ?? []).map((link) => ({
            share_token: getService(strapi, 'sharing').tokenOf(link),
            expires_at: link.expires_at ? new Date(link.expires_at).toISOString() : null,
            access_count: link.access_count,
          }));
          return { ...item, share_links: links };
        }),
        pagination: {
          page: Math.floor(offset / limit) + 1,
          limit,
          offset,
          total,
          total_pages: totalPages,
          has_next: offset + rows.length < total,
          has_prev: offset > 0,
        },
      };
    },

    /** The tags of the dashboards the list would show (whatever the page), counted in SQL. */
    async tags(principal: Principal, query: TagsQuery): Promise<ListDashboardTagsResponse> {
      const visible = strapi.db.entityManager
        .createQueryBuilder(UID.dashboard)
        .select('id')
        .where(listWhere(principal, query))
        .getKnexQuery();
      return { data: await countTags(strapi, visible) };
    },

    async create(principal: Principal, input: CanonicalDashboard): Promise<Dashboard> {
      await assertTileSourcesAllowed(strapi, principal, input.tiles ?? []);
      const workspace = await resolveWorkspace(principal, input.workspace_id);
      const layout = { ...layoutOf({}), ...input.layout };
      placeAndCheck(input.tiles ?? [], layout.columns);
      const data: DashboardWrite = {
        ...dashboardData(input),
        tags: input.tags ?? [],
        layout,
        settings: settingsOf({ settings: input.settings }),
      };
      if (workspace !== undefined) data.workspace = workspace;
      if (principal.kind === 'user') data.owner = principal.id;
      if (principal.kind === 'admin') data.owner_admin = principal.id;

      const created = await strapi.db.transaction(async () => {
        const row = await dashboards().create({ data });
        for (const entry of input.tiles ?? []) await tiles().create({ data: tileData(entry.tile, row.id) });
        await getService(strapi, 'revisions').record(principal, row.id, { created: true });
        return row;
      });
      return read(principal, created.documentId);
    },

    async update(
      principal: Principal,
      documentId: string,
      input: CanonicalDashboard,
      reason: SaveReason = {}
    ): Promise<Dashboard> {
      const current = await loadDashboard(strapi, principal, documentId, 'update', TILES_POPULATE);
      await assertNotRefreshing(current.id);

      // `widgets` (or `tiles`) on update is the whole new set; a tile whose id (or a widget whose
      // id or widget id) names a stored tile rewrites it, the others are added, the missing removed.
      const existing: TileRow[] = current.tiles ?? [];
      const matches = new Map<BodyTile, TileRow>();
      for (const entry of input.tiles ?? []) {
        const { tile_id } = entry.ref;
        const key = entry.tile.widget_key;
        const match = tile_id
          ? existing.find((row) => row.documentId === tile_id)
          : key
            ? existing.find((row) => row.documentId === key || row.widget_key === key)
            : undefined;
        if (tile_id && !match) {
          throw invalidField([...entry.path, 'id'], 'is not a tile of this dashboard');
        }
        if (match && [...matches.values()].includes(match)) {
          throw invalidField([...entry.path, 'id'], 'names a tile given before');
        }
        if (match) matches.set(entry, match);
      }
      // a tile kept with the source it has is not checked again: only what this request writes is
      await assertTileSourcesAllowed(
        strapi,
        principal,
        (input.tiles ?? []).filter((entry) => {
          const match = matches.get(entry);
          return !match || !sameJson(match.source, entry.tile.source);
        })
      );
      const workspace = await resolveWorkspace(principal, input.workspace_id);
      const data = dashboardData(input, current);
      if (workspace !== undefined) data.workspace = workspace;
      const columns = layoutOf(data.layout ? data : current).columns;
      if (input.tiles) {
        placeAndCheck(input.tiles, columns);
      } else {
        assertValidLayout(
          existing.map((row) => ({ ref: { tile_id: row.documentId }, ...pickGrid(row) })),
          columns
        );
      }

      /** `widgets` or `tiles` on update: the new set, matched tiles rewritten in place. */
      const replaceTiles = async (entries: BodyTile[]) => {
        const kept = new Set<number>();
        for (const entry of entries) {
          const match = matches.get(entry);
          if (match) {
            kept.add(match.id);
            await tiles().update({ where: { id: match.id }, data: entry.tile });
          } else {
            await tiles().create({ data: tileData(entry.tile, current.id) });
          }
        }
        const removed = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
        if (removed.length) await tiles().deleteMany({ where: { id: { $in: removed } } });
      };

      await strapi.db.transaction(async () => {
        await dashboards().update({ where: { id: current.id }, data });
        if (input.tiles) await replaceTiles(input.tiles);
        await getService(strapi, 'revisions').record(principal, current.id, reason);
      });
      return read(principal, documentId);
    },

    /** Every tile's data (or the `tiles` named), run on the server with the dashboard's filter values. */
    async data(
      principal: Principal,
      documentId: string,
      given: Record<string, string> | undefined,
      options: DataOptions = { cache: true }
    ): Promise<DashboardData> {
      const { row, tiles, params } = await tilesToRun(principal, documentId, given, options.tiles);
      return {
        id: row.documentId,
        name: row.name,
        tiles: await getService(strapi, 'tileData').runTiles(tiles, params, principal, undefined, options),
      };
    },

    /**
     * The same results as `data`, one JSON line per tile as soon as it is computed (GET
     * /:id/data?format=ndjson). What the dashboard's rights refuse is refused before the first line.
     */
    async dataLines(
      principal: Principal,
      documentId: string,
      given: Record<string, string> | undefined,
      options: DataOptions = { cache: true }
    ): Promise<Readable> {
      const { tiles, params } = await tilesToRun(principal, documentId, given, options.tiles);
      const lines = new PassThrough();
      const write = (result: TileResult) => {
        // a client gone (destroyed) or an unexpected failure (ended) leaves the other tiles unwritten
        if (!lines.destroyed && !lines.writableEnded) lines.write(`${JSON.stringify(result)}\n`);
      };
      // each tile's failure is its own line (runTile answers its errors), so this only ends the stream
      void getService(strapi, 'tileData')
        .runTiles(tiles, params, principal, write, { ...options, budgetPerTile: true })
        .catch((error: unknown) => strapi.log.error(`[dashboards] tile data stream: ${String(error)}`))
        .finally(() => lines.end());
      return lines;
    },

    /** GET /:id?refresh=true: the dashboard with each tile's fresh result beside it. */
    async findOneRefreshed(principal: Principal, documentId: string) {
      const dashboard = await read(principal, documentId);
      // a refresh asked for computes every tile anew
      const { tiles } = await this.data(principal, documentId, undefined, { cache: false });
      const results = new Map(tiles.map((result) => [result.id, result]));
      const now = new Date();
      await dashboards().update({ where: { documentId }, data: { last_refreshed_at: now } });
      return {
        ...dashboard,
        last_refreshed_at: now.toISOString(),
        metadata: { ...dashboard.metadata, last_refreshed_at: now.toISOString() },
        tiles: dashboard.tiles.map((tile) => {
          const result = results.get(tile.id);
          return {
            ...tile,
            data: result?.data ?? null,
            error: result?.error ?? null,
            executed_at: result?.executed_at,
          };
        }),
      };
    },

    async tileData(
      principal: Principal,
      documentId: string,
      tileId: string,
      given: Record<string, string> | undefined
    ) {
      const row = await loadDashboard(strapi, principal, documentId, 'read', TILES_POPULATE);
      const tile = (row.tiles ?? []).find((candidate) => candidate.documentId === tileId);
      if (!tile) throw new errors.NotFoundError('Tile not found');
      return getService(strapi, 'tileData').runTile(
        tile,
        resolveFilterParams(row.filters, given),
        principal,
        {
          shared: true,
        }
      );
    },

    async archive(principal: Principal, documentId: string) {
      const current = await loadDashboard(strapi, principal, documentId, 'update');
      await assertNotRefreshing(current.id);
      await dashboards().update({ where: { id: current.id }, data: { is_archived: true } });
    },

    async remove(principal: Principal, documentId: string) {
      const current = await loadDashboard(strapi, principal, documentId, 'delete');
      await assertNotRefreshing(current.id);
      await strapi.db.transaction(async () => {
        await strapi.db
          .query(UID.subscriptionDelivery)
          .deleteMany({ where: { subscription: { dashboard: { id: current.id } } } });
        for (const uid of CHILDREN) {
          await strapi.db.query(uid).deleteMany({ where: { dashboard: { id: current.id } } });
        }
        await dashboards().delete({ where: { id: current.id } });
      });
    },

    async exportDashboard(principal: Principal, documentId: string): Promise<DashboardExport> {
      return toExport(await read(principal, documentId));
    },

    /** A copy of what export writes, imported as a new dashboard named `<name> (copy)`. */
    async duplicate(principal: Principal, documentId: string): Promise<Dashboard> {
      const exported = await this.exportDashboard(principal, documentId);
      const suffix = ' (copy)';
      const name = `${exported.dashboard.name.slice(0, 255 - suffix.length)}${suffix}`;
      const input = importSchema.parse({ ...exported, dashboard: { ...exported.dashboard, name } });
      return this.create(principal, input);
    },

    async addMember(
      principal: Principal,
      documentId: string,
      member: { user_id: number; role: 'editor' | 'viewer' }
    ) {
      const current = await loadDashboard(strapi, principal, documentId, 'members');
      const user = await strapi.db
        .query('plugin::users-permissions.user')
        .findOne({ where: { id: member.user_id } });
      if (!user) throw invalidField(['user_id'], 'no such user');
      if (current.owner?.id === member.user_id)
        throw invalidField(['user_id'], 'is the owner of the dashboard');
      const existing = await strapi.db.query(UID.member).findOne({
        where: { dashboard: { id: current.id }, user: { id: member.user_id } },
      });
      if (existing)
        await strapi.db.query(UID.member).update({ where: { id: existing.id }, data: { role: member.role } });
      else
        await strapi.db
          .query(UID.member)
          .create({ data: { dashboard: current.id, user: member.user_id, role: member.role } });
      return read(principal, documentId);
    },

    async removeMember(principal: Principal, documentId: string, userId: number) {
      const current = await loadDashboard(strapi, principal, documentId, 'members');
      const deleted = await strapi.db.query(UID.member).deleteMany({
        where: { dashboard: { id: current.id }, user: { id: userId } },
      });
      if (!deleted.count) throw invalidField(['userId'], 'is not a member of this dashboard');
    },
  };
};

/** A tile's grid (a stored tile's, or a body tile's once it is placed). */
export const pickGrid = (row: Partial<Pick<TileRow, 'grid_x' | 'grid_y' | 'grid_w' | 'grid_h'>>) => ({
  grid_x: row.grid_x!,
  grid_y: row.grid_y!,
  grid_w: row.grid_w!,
  grid_h: row.grid_h!,
});
