/** Request and response contracts of the dashboards API, shared by the server and the admin app. */

export const SORT_FIELDS = ['created_at', 'updated_at', 'name'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export type DashboardRole = 'owner' | 'editor' | 'viewer' | 'admin' | 'api-token';

export interface DashboardPermissions {
  can_edit: boolean;
  can_delete: boolean;
  can_share: boolean;
  role: DashboardRole;
}

export interface DashboardLayout {
  columns: number;
  rowHeight: number;
  gap: number;
}

export interface DashboardListItem {
  id: string;
  uuid: string;
  name: string;
  description: string | null;
  workspace_id: string | null;
  workspace_name: string | null;
  tile_count: number;
  widget_count: number;
  is_public: boolean;
  is_archived: boolean;
  status: 'draft' | 'active';
  owner_name: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  last_refreshed_at: string | null;
  permissions: DashboardPermissions;
}

export interface Pagination {
  page: number;
  limit: number;
  offset: number;
  total: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
}

export interface ListDashboardsQuery {
  workspace_id?: string;
  include_archived?: boolean;
  search?: string;
  page?: number;
  limit?: number;
  offset?: number;
  sort?: SortField;
  order?: 'asc' | 'desc';
}

export interface ListDashboardsResponse {
  data: DashboardListItem[];
  pagination: Pagination;
}
