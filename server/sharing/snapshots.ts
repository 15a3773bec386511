import { errors } from '@strapi/utils';
import type { TileSource } from '../../contracts/dashboards';
import type { SnapshotTaken } from '../../contracts/sharing';
import { UID } from '../content-types';
import { loadDashboard, permissionsFor } from '../dashboards/access';
import { resolveFilterParams } from '../dashboards/filters';
import { byPosition, iso, layoutOf, settingsOf, toTile } from '../dashboards/serialize';
import { chartConfigWithoutSql } from '../dashboards/sources';
import { principalFromRef, principalRef, type Principal } from '../permissions/principal';
import { ContentQueryError } from '../query/content-plan';
import type { TileResult } from '../dashboards/tile-data';
import type { SnapshotTileEntry } from '../../contracts/snapshots';
import { getService } from '../get-service';
import type { Published, SharingContext } from './context';
import type { DashboardRow, SnapshotRow, TileRow } from '../db/rows';
import { rowReader } from './rows';
import { backgroundWork } from '../http/background';
import { dashboardRows } from '../db/dashboards';
import { checkPublicClick, paramsKeyOf, publicClickFilters, tilesRunBy } from './click-filters';

/** A claim on refreshing an expired snapshot lasts this long (then another reader may take it). */
const REFRESH_CLAIM_MS = 10 * 60_000;
/** The one thing a public reader learns of a tile that failed: never the SQL or the database's words. */
export const PUBLIC_TILE_ERROR = 'This tile could not be loaded';

/** What every tile of a published dashboard shows once its publisher may no longer share it. */
export const PUBLISHER_GONE = 'The person who shared this dashboard can no longer share it';

/** Click filters' snapshots kept per dashboard and publisher (the oldest go first). */
const KEEP_CLICK_SNAPSHOTS = 100;

/**
 * Snapshots: taken with one principal's rights, served to members filtered by their own rights,
 * and to public readers only when taken with their publisher's.
 */
export function snapshotStore({ strapi, config }: SharingContext) {
  const snapshots = () => strapi.db.query(UID.snapshot);
  /** Background refreshes started by public reads. */
  const background = backgroundWork();

  const toSnapshot = (row: SnapshotRow, dashboardId: string) => ({
    id: row.documentId,
    dashboard_id: dashboardId,
    tile_data: row.tile_data ?? {},
    execution_time_ms: row.execution_time_ms,
    executed_by: row.executed_by,
    trigger_type: row.trigger_type,
    created_at: iso(row.createdAt),
    expires_at: iso(row.expires_at),
  });

  /** Keeps a snapshot written with `executedBy`'s rights; that executor's older ones beyond the kept number go. */
  async function writeSnapshot(
    executedBy: string | null,
    dashboard: DashboardRow,
    trigger: SnapshotRow['trigger_type'],
    tileData: Record<string, SnapshotTileEntry>,
    started: number,
    params: Record<string, string> | null = null
  ) {
    const paramsKey = params ? paramsKeyOf(params) : null;
    const row: SnapshotRow = await snapshots().create({
      data: {
        dashboard: dashboard.id,
        tile_data: tileData,
        execution_time_ms: Date.now() - started,
        executed_by: executedBy,
        trigger_type: trigger,
        expires_at: new Date(Date.now() + config().snapshotTtlSeconds * 1000),
        params,
        params_key: paramsKey,
      },
    });
    const prune = async (where: Record<string, unknown>, keep: number) => {
      const old = await snapshots().findMany({
        where: { dashboard: { id: dashboard.id }, executed_by: executedBy, ...where },
        select: ['id'],
        orderBy: { id: 'desc' },
        offset: keep,
      });
      if (old.length > 0)
        await snapshots().deleteMany({
          where: { id: { $in: old.map((item: Pick<SnapshotRow, 'id'>) => item.id) } },
        });
    };
    if (!paramsKey) await prune({ params_key: { $null: true } }, config().keepSnapshots);
    else {
      await prune({ params_key: paramsKey }, 1);
      await prune({ params_key: { $notNull: true } }, KEEP_CLICK_SNAPSHOTS);
    }
    return row;
  }

  /**
   * Runs the tiles as `principal` and keeps the results, recorded as computed with its rights. With
   * `tileIds`, only those run and the other tiles keep their data from its own newest snapshot.
   */
  async function takeSnapshot(
    principal: Principal,
    dashboard: DashboardRow,
    trigger: SnapshotRow['trigger_type'],
    options: {
      tileIds?: string[];
      onResult?: (result: TileResult) => void | Promise<void>;
      /** A click filter's value: only the tiles using it run, into that value's own snapshot. */
      params?: Record<string, string>;
    } = {}
  ) {
    const started = Date.now();
    const executedBy = principalRef(principal);
    const { params } = options;
    const tiles = tilesRunBy(
      [...(dashboard.tiles ?? [])]
        .sort(byPosition)
        .filter((tile) => !options.tileIds || options.tileIds.includes(tile.documentId)),
      params
    );
    const results = await getService(strapi, 'tileData').runTiles(
      tiles,
      resolveFilterParams(dashboard.filters, params),
      principal,
      options.onResult
    );
    const kept = options.tileIds
      ? ((await newestSnapshot(dashboard.id, { fresh: false, by: executedBy }))?.tile_data ?? {})
      : {};
    const tileData = {
      ...kept,
      ...Object.fromEntries(
        results.map((result) => [
          result.id,
          {
            data: result.data,
            error: result.error,
            executed_at: result.executed_at,
            ...(result.scope ? { scope: result.scope } : {}),
          },
        ])
      ),
    };
    const row = await writeSnapshot(executedBy, dashboard, trigger, tileData, started, params ?? null);
    return { snapshot: toSnapshot(row, dashboard.documentId), results, row };
  }

  const rows = rowReader(strapi);

  /**
   * The newest snapshot of a dashboard (unexpired only when `fresh`; `by` one executor only), in one
   * statement: the dashboard's own, or with `paramsKey` that click filter value's.
   */
  async function newestSnapshot(
    dashboardId: number,
    { fresh, by, paramsKey }: { fresh: boolean; by?: string; paramsKey?: string }
  ): Promise<SnapshotRow | null> {
    const link = rows.link(UID.snapshot, 'dashboard');
    const query = rows
      .knex()(`${rows.table(UID.snapshot)} as s`)
      .join(`${link.name} as j`, `j.${link.owner}`, 's.id')
      .where(`j.${link.target}`, dashboardId)
      .orderBy('s.id', 'desc')
      .first(rows.columns(UID.snapshot, 's'));
    if (fresh) query.where('s.expires_at', '>', new Date());
    if (by) query.where('s.executed_by', by);
    if (paramsKey) query.where('s.params_key', paramsKey);
    else query.whereNull('s.params_key');
    const row = await query;
    return row ? rows.read<SnapshotRow>(UID.snapshot, row, 's') : null;
  }

  /**
   * Whether `publisher` may still publish the dashboard: it exists and may share it. Shared data is
   * computed only with the rights of someone who may share it.
   */
  async function publisherOf(ref: string | null, documentId: string): Promise<Principal | null> {
    const principal = await principalFromRef(strapi, ref);
    if (!principal) return null;
    try {
      // its role on the dashboard, and its own grant to share (a route checks that one itself)
      const row = await loadDashboard(strapi, principal, documentId, 'share');
      return permissionsFor(principal, row).can_share ? principal : null;
    } catch (error) {
      if (error instanceof errors.NotFoundError || error instanceof errors.PolicyError) return null;
      throw error;
    }
  }

  /**
   * Takes the publisher's snapshot of the dashboard (or of one click filter's value) again, with its
   * rights as they are now. A publisher who may no longer share the dashboard publishes nothing:
   * every tile becomes a notice.
   */
  async function republish(
    ref: string | null,
    dashboard: DashboardRow,
    trigger: SnapshotRow['trigger_type'],
    params?: Record<string, string>
  ): Promise<SnapshotRow> {
    const started = Date.now();
    const publisher = await publisherOf(ref, dashboard.documentId);
    if (publisher) return (await takeSnapshot(publisher, dashboard, trigger, { params })).row;
    const executedAt = new Date().toISOString();
    const withdrawn = Object.fromEntries(
      tilesRunBy(dashboard.tiles ?? [], params).map((tile) => [
        tile.documentId,
        { data: null, error: PUBLISHER_GONE, executed_at: executedAt },
      ])
    );
    return writeSnapshot(ref, dashboard, trigger, withdrawn, started, params ?? null);
  }

  /**
   * An expired published snapshot is refreshed once, whatever the number of readers and instances:
   * the reader whose conditional update claims it runs the refresh, always with the publisher's
   * rights as they are now.
   */
  async function refreshOnce(snapshot: SnapshotRow, dashboardId: number) {
    const now = new Date();
    const claimed = await strapi.db
      .connection(strapi.db.metadata.get(UID.snapshot).tableName)
      .where('id', snapshot.id)
      .where((where) =>
        where
          .whereNull('refresh_claimed_at')
          .orWhere('refresh_claimed_at', '<', new Date(now.getTime() - REFRESH_CLAIM_MS))
      )
      .update({ refresh_claimed_at: now });
    if (claimed !== 1) return;
    const run = async () => {
      const dashboard = await dashboardRows(strapi).withTiles({ id: dashboardId });
      if (dashboard)
        await republish(snapshot.executed_by, dashboard, 'refresh', snapshot.params ?? undefined);
    };
    background.track(
      run().catch((error) =>
        strapi.log.error(`[dashboards] snapshot refresh failed: ${(error as Error).message}`)
      )
    );
  }

  /**
   * A snapshot's tiles as `reader` may see them: each tile only if the reader could see the same
   * figures live — a content-type tile when it may read what the tile reads; an analytics tile when
   * the reader took the snapshot, or when it was computed for everyone (`all`) and the reader may
   * ask for `all`. Any other tile is a notice, never data.
   */
  async function readableTileData(reader: Principal, tiles: TileRow[], snapshot: SnapshotRow) {
    const stored = snapshot.tile_data ?? {};
    if (snapshot.executed_by === principalRef(reader)) return stored;
    let widest: Promise<string | null> | undefined;
    const withheld = (entry: SnapshotTileEntry, reason: string): SnapshotTileEntry => ({
      data: null,
      error: `Not shown: ${reason}`,
      executed_at: entry.executed_at,
      withheld: true,
    });
    const readable: Record<string, SnapshotTileEntry> = {};
    for (const tile of tiles) {
      const entry = stored[tile.documentId];
      if (!entry) continue;
      const source = (tile.source ?? { kind: 'none' }) as TileSource;
      readable[tile.documentId] = entry;
      if (source.kind === 'content-type') {
        try {
          getService(strapi, 'query').checkContent(source, reader);
        } catch (error) {
          if (!(error instanceof ContentQueryError)) throw error;
          readable[tile.documentId] = withheld(entry, error.message);
        }
      } else if (source.kind === 'analytics' && !entry.error) {
        widest ??= getService(strapi, 'analytics').widestScope(reader);
        if (entry.scope !== 'all' || (await widest) !== 'all') {
          readable[tile.documentId] = withheld(
            entry,
            entry.scope === 'all'
              ? 'these figures cover every record, wider than your analytics scope'
              : "these figures were computed in another person's analytics scope"
          );
        }
      }
    }
    return readable;
  }

  /** A published dashboard's tiles: those it was loaded with, else read (the share link's lookup reads none). */
  const tilesOf = async (dashboard: DashboardRow): Promise<TileRow[]> =>
    dashboard.tiles ??
    (await strapi.db.query(UID.tile).findMany({ where: { dashboard: { id: dashboard.id } } }));

  const isExpired = (snapshot: SnapshotRow) =>
    !snapshot.expires_at || new Date(snapshot.expires_at).getTime() <= Date.now();

  /** What a public reader is told of tile entries: failures only as PUBLIC_TILE_ERROR. */
  const publicEntries = (tileData: Record<string, SnapshotTileEntry>) =>
    Object.fromEntries(
      Object.entries(tileData).map(([tileId, entry]) => [
        tileId,
        {
          data: entry.error ? null : entry.data,
          error: entry.error ? PUBLIC_TILE_ERROR : null,
          executed_at: entry.executed_at,
        },
      ])
    );

  /**
   * A click filter's figures on the public viewer: the snapshot of that value, taken with the
   * publisher's rights the first time a reader asks (only for a value the published figures show,
   * see checkPublicClick), then served and refreshed once like the dashboard's own; its tiles not
   * using the filter are the dashboard's own snapshot's.
   */
  async function clickedData(published: Published, base: SnapshotRow | null, given: Record<string, string>) {
    const { dashboard, publisher } = published;
    const tiles = await tilesOf(dashboard);
    const { name, value } = checkPublicClick(
      dashboard,
      tiles,
      base?.tile_data ?? {},
      given,
      Boolean(published.filtersLocked)
    );
    const params = { [name]: value };
    let clicked = await newestSnapshot(dashboard.id, {
      fresh: false,
      by: publisher,
      paramsKey: paramsKeyOf(params),
    });
    clicked ??= await republish(publisher, { ...dashboard, tiles }, 'click_filter', params);
    // a click's figures are no older than the dashboard's own (ids grow with each snapshot written)
    const stale = isExpired(clicked) || (base !== null && clicked.id < base.id);
    if (stale) await refreshOnce(clicked, dashboard.id);
    return { clicked, stale, params };
  }

  /**
   * The public form of the newest snapshot computed with the publisher's rights (stale when expired,
   * which starts its refresh); never a snapshot someone else took. With `params`, a click filter's
   * value (see clickedData).
   */
  async function publicData(published: Published, params: Record<string, string> = {}) {
    const { dashboard, publisher } = published;
    const snapshot = await newestSnapshot(dashboard.id, { fresh: false, by: publisher });
    if (Object.keys(params).length > 0) {
      const { clicked, stale, params: applied } = await clickedData(published, snapshot, params);
      if (snapshot && isExpired(snapshot)) await refreshOnce(snapshot, dashboard.id);
      const { executed_by: _author, ...rest } = toSnapshot(clicked, dashboard.documentId);
      return {
        ...rest,
        tile_data: publicEntries({ ...(snapshot?.tile_data ?? {}), ...(clicked.tile_data ?? {}) }),
        stale: stale || (snapshot !== null && isExpired(snapshot)),
        params: applied,
      };
    }
    if (!snapshot) {
      return {
        id: null,
        dashboard_id: dashboard.documentId,
        tile_data: {},
        execution_time_ms: 0,
        trigger_type: null,
        created_at: null,
        expires_at: null,
        stale: true,
      };
    }
    const stale = isExpired(snapshot);
    if (stale) await refreshOnce(snapshot, dashboard.id);
    const { executed_by: _author, ...rest } = toSnapshot(snapshot, dashboard.documentId);
    return { ...rest, tile_data: publicEntries(snapshot.tile_data ?? {}), stale };
  }

  /**
   * What a public reader needs to draw the dashboard: no owner, no SQL, no datasource; the filters a
   * click sets, unless the embed made them read-only.
   */
  async function publicStructure(
    dashboard: DashboardRow,
    { allowDownload = false, filtersLocked = false }: Pick<Published, 'allowDownload' | 'filtersLocked'> = {}
  ) {
    const tiles = await tilesOf(dashboard);
    const settings = settingsOf(dashboard);
    return {
      id: dashboard.documentId,
      name: dashboard.name,
      description: dashboard.description ?? null,
      allow_download: allowDownload,
      click_filters: filtersLocked ? [] : publicClickFilters(dashboard, tiles),
      layout: layoutOf(dashboard),
      settings: {
        theme: settings.theme,
        auto_refresh: settings.auto_refresh,
        refresh_interval_seconds: settings.refresh_interval_seconds,
      },
      tiles: [...tiles].sort(byPosition).map((row) => {
        const tile = toTile(row, dashboard.documentId);
        return {
          id: tile.id,
          title: tile.title,
          tile_type: tile.tile_type,
          chart_type: tile.chart_type,
          chart_config: chartConfigWithoutSql(tile.chart_config),
          grid_x: tile.grid_x,
          grid_y: tile.grid_y,
          grid_w: tile.grid_w,
          grid_h: tile.grid_h,
        };
      }),
    };
  }

  return {
    takeSnapshot,
    newestSnapshot,
    /** Resolves once every background refresh started so far has ended. */
    refreshesIdle: background.idle,
    publicData,
    publicStructure,

    async snapshot(principal: Principal, documentId: string): Promise<SnapshotTaken> {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'read', { tiles: true });
      return (await takeSnapshot(principal, dashboard, 'manual')).snapshot;
    },

    /** The newest unexpired snapshot, each tile shown only if the reader could see it live. */
    async latestSnapshot(principal: Principal, documentId: string) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'read', { tiles: true });
      const snapshot = await newestSnapshot(dashboard.id, { fresh: true });
      if (!snapshot) throw new errors.NotFoundError('No snapshot that has not expired');
      return {
        ...toSnapshot(snapshot, documentId),
        tile_data: await readableTileData(principal, dashboard.tiles ?? [], snapshot),
      };
    },
  };
}
