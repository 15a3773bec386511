import type {
  Dashboard,
  DashboardExport,
  DashboardLayout,
  DashboardListItem,
  DashboardPermissions,
  DashboardSettings,
  Tile,
  TileSource,
} from '../../contracts/dashboards';
import { DEFAULT_LAYOUT } from './layout';
import type { DashboardListRow, DashboardRow, MemberRow, TileRow } from '../db/rows';

export const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

export const DEFAULT_SETTINGS: DashboardSettings = {
  auto_refresh: false,
  refresh_interval_seconds: null,
  theme: 'light',
};

export const layoutOf = (row: Pick<Partial<DashboardRow>, 'layout'>): DashboardLayout => ({
  ...DEFAULT_LAYOUT,
  ...(row.layout ?? {}),
});
export const settingsOf = (row: Pick<Partial<DashboardRow>, 'settings'>): DashboardSettings => ({
  ...DEFAULT_SETTINGS,
  ...(row.settings ?? {}),
});

/** A row's tags: `[]` for a row written before there were tags. */
export const tagsOf = (row: Pick<Partial<DashboardRow>, 'tags'>): string[] =>
  Array.isArray(row.tags) ? row.tags.filter((tag): tag is string => typeof tag === 'string') : [];

export function ownerName(row: Pick<DashboardRow, 'owner' | 'owner_admin'>): string | null {
  if (row.owner) return row.owner.username ?? null;
  const admin = row.owner_admin;
  if (!admin) return null;
  return [admin.firstname, admin.lastname].filter(Boolean).join(' ') || admin.username || null;
}

function createdBy(row: Pick<DashboardRow, 'owner' | 'owner_admin'>): string | null {
  if (row.owner) return `user:${row.owner.id}`;
  if (row.owner_admin) return `admin:${row.owner_admin.id}`;
  return null;
}

/** The fields a dashboard shares in its list form and its full form. */
function summary(
  row: Omit<DashboardRow, 'tiles'>,
  tileCount: number
): Omit<DashboardListItem, 'permissions'> {
  return {
    id: row.documentId,
    uuid: row.documentId,
    name: row.name,
    description: row.description ?? null,
    workspace_id: row.workspace?.documentId ?? null,
    workspace_name: row.workspace?.name ?? null,
    tile_count: tileCount,
    widget_count: tileCount,
    is_public: Boolean(row.is_public),
    is_archived: Boolean(row.is_archived),
    status: row.status ?? 'draft',
    owner_name: ownerName(row),
    created_by: createdBy(row),
    created_at: iso(row.createdAt)!,
    updated_at: iso(row.updatedAt)!,
    last_refreshed_at: iso(row.last_refreshed_at),
    tags: tagsOf(row),
  };
}

export function toListItem(row: DashboardListRow, permissions: DashboardPermissions): DashboardListItem {
  return { ...summary(row, Number(row.tiles?.count ?? 0)), permissions };
}

export function toTile(row: TileRow, dashboardId: string): Tile {
  const source: TileSource = row.source ?? { kind: 'none' };
  const sql = source.kind === 'sql' ? source : null;
  return {
    id: row.documentId,
    dashboard_id: dashboardId,
    widget_id: row.widget_key ?? null,
    title: row.title,
    tile_type: row.tile_type,
    chart_type: row.chart_type ?? null,
    source,
    datasource_id: sql?.datasource_id ?? null,
    catalog: sql?.catalog ?? null,
    schema: sql?.schema ?? null,
    query: sql?.query ?? null,
    chart_config: row.chart_config ?? {},
    grid_x: row.grid_x,
    grid_y: row.grid_y,
    grid_w: row.grid_w,
    grid_h: row.grid_h,
    conversation_id: row.conversation_id ?? null,
    message_id: row.message_id ?? null,
    created_at: iso(row.createdAt)!,
    updated_at: iso(row.updatedAt)!,
  };
}

export const byPosition = (a: TileRow, b: TileRow) =>
  a.grid_y - b.grid_y || a.grid_x - b.grid_x || a.id - b.id;

/**
 * A dashboard with its tiles: the canonical JSON (tiles with `tile_type`, `chart_type`, `grid_*`)
 * plus the widget-form extras (`widgets` with `type`, `position`, `data_source`, `config`).
 */
export function toDashboard(
  row: DashboardRow,
  permissions: DashboardPermissions,
  members?: MemberRow[]
): Dashboard {
  const tiles = [...(row.tiles ?? [])].sort(byPosition).map((tile) => toTile(tile, row.documentId));
  const base = summary(row, tiles.length);
  const settings = settingsOf(row);
  return {
    ...base,
    user_id: base.created_by,
    layout: layoutOf(row),
    settings,
    refresh_interval_seconds: settings.refresh_interval_seconds,
    filters: row.filters ?? [],
    embed: { allowed_domains: row.embed_settings?.allowed_domains ?? [] },
    share_token: null,
    tiles,
    ...(members
      ? {
          members: members.map((member) => ({
            user_id: member.user?.id as number,
            user_name: member.user?.username ?? null,
            role: member.role,
          })),
        }
      : {}),
    metadata: {
      created_by: base.created_by,
      created_at: base.created_at,
      updated_at: base.updated_at,
      last_refreshed_at: base.last_refreshed_at,
    },
    permissions,
  };
}

const withoutNulls = <T extends Record<string, unknown>>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null)) as T;

/** Dashboards as code: the versioned JSON that import reads back (no ids, no owner). */
export function toExport(dashboard: Dashboard): DashboardExport {
  return {
    version: 1,
    exported_at: new Date().toISOString(),
    dashboard: {
      name: dashboard.name,
      description: dashboard.description,
      tags: dashboard.tags,
      layout: dashboard.layout,
      settings: dashboard.settings,
      filters: dashboard.filters,
      embed: dashboard.embed,
      tiles: dashboard.tiles.map((tile) =>
        withoutNulls({
          title: tile.title,
          tile_type: tile.tile_type,
          chart_type: tile.chart_type,
          source: tile.source,
          chart_config: tile.chart_config,
          grid_x: tile.grid_x,
          grid_y: tile.grid_y,
          grid_w: tile.grid_w,
          grid_h: tile.grid_h,
          conversation_id: tile.conversation_id,
          message_id: tile.message_id,
        })
      ),
    },
  };
}
