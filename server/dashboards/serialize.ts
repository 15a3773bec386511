import type { DashboardListItem, DashboardPermissions } from '../../contracts/dashboards';

type Row = Record<string, any>;

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

export function ownerName(row: Row): string | null {
  if (row.owner) return row.owner.username ?? null;
  const admin = row.owner_admin;
  if (!admin) return null;
  return [admin.firstname, admin.lastname].filter(Boolean).join(' ') || admin.username || null;
}

export function createdBy(row: Row): string | null {
  if (row.owner) return `user:${row.owner.id}`;
  if (row.owner_admin) return `admin:${row.owner_admin.id}`;
  return null;
}

/** A list item: seed 003's canonical fields plus seed 004's extras (uuid, widget_count, status, permissions …). */
export function toListItem(row: Row, permissions: DashboardPermissions): DashboardListItem {
  const tileCount = Number(row.tiles?.count ?? 0);
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
    permissions,
  };
}
