/** Request and response contracts of the dashboards API, shared by the server and the admin app. */

export const SORT_FIELDS = ['created_at', 'updated_at', 'name'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** A dashboard's tags: at most this many, each 1 to MAX_TAG_LENGTH characters once trimmed. */
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 40;

/** The most tiles a dashboard holds. */
export const MAX_TILES = 100;

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
  /** Trimmed, without case-insensitive duplicates, in the order given; `[]` when it has none. */
  tags: string[];
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
  /** Only the dashboards carrying this tag (case-insensitive, exact). */
  tag?: string;
}

/** GET /dashboards/tags: the tags of the dashboards the caller can see, by name. */
export interface DashboardTagCount {
  name: string;
  count: number;
}

export interface ListDashboardTagsResponse {
  data: DashboardTagCount[];
}

export interface ListDashboardsResponse {
  data: DashboardListItem[];
  pagination: Pagination;
}

export const TILE_TYPES = ['chart', 'kpi', 'metric', 'table', 'text', 'map'] as const;
export type TileType = (typeof TILE_TYPES)[number];

/** The chart types of a chart tile. */
export const CHART_TYPES = [
  'bar',
  'line',
  'area',
  'pie',
  'donut',
  'scatter',
  'funnel',
  'heatmap',
  'treemap',
  'sankey',
  'chord',
  'radar',
  'gauge',
] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export const MAP_TYPES = ['choropleth', 'markers', 'heatmap'] as const;
export type MapType = (typeof MAP_TYPES)[number];

export const ANALYTICS_ENDPOINTS = [
  'stats',
  'lead-pipeline',
  'opportunity-pipeline',
  'revenue-trend',
  'lead-sources',
  'conversion-funnel',
  'top-performers',
  'activities-summary',
  'tasks-summary',
  'recent-activities',
  'upcoming-tasks',
  'sla-compliance',
  'target-progress',
  'lead-aging',
  'win-loss-analysis',
  'deal-velocity',
  'score-card',
  'funnel-chart',
] as const;
export type AnalyticsEndpoint = (typeof ANALYTICS_ENDPOINTS)[number];

type ContentFilterScalar = string | number | boolean | null;
export type ContentFilterValue =
  ContentFilterScalar | ContentFilterScalar[] | Record<string, ContentFilterScalar | ContentFilterScalar[]>;

/** Where a tile's data comes from. */
export type TileSource =
  | {
      kind: 'sql';
      datasource_id: string;
      catalog?: string | null;
      schema?: string | null;
      query: string;
      project_uuid?: string;
      step_id?: string;
    }
  | {
      kind: 'content-type';
      uid: string;
      measure: { fn: 'count' | 'sum' | 'avg' | 'min' | 'max'; field?: string };
      group_by?: string;
      date_bucket?: { field: string; unit: 'day' | 'week' | 'month' | 'quarter' | 'year'; timezone?: string };
      /** `field` or `relation.field` → a value, a list (in), or `{ $operator: value }`; `"{{name}}"` is a dashboard filter's value. */
      filters?: Record<string, ContentFilterValue>;
      sort?: 'asc' | 'desc';
      limit?: number;
    }
  | { kind: 'analytics'; endpoint: AnalyticsEndpoint; params?: Record<string, string | number> }
  | { kind: 'none' };

export interface Tile {
  id: string;
  dashboard_id: string;
  widget_id: string | null;
  title: string;
  tile_type: TileType;
  chart_type: string | null;
  source: TileSource;
  datasource_id: string | null;
  catalog: string | null;
  schema: string | null;
  query: string | null;
  chart_config: Record<string, unknown>;
  grid_x: number;
  grid_y: number;
  grid_w: number;
  grid_h: number;
  conversation_id: string | null;
  message_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface DashboardSettings {
  auto_refresh: boolean;
  refresh_interval_seconds: number | null;
  theme: 'light' | 'dark';
}

export interface DashboardMember {
  user_id: number;
  user_name: string | null;
  role: 'editor' | 'viewer';
}

export interface Dashboard extends Omit<DashboardListItem, 'permissions'> {
  user_id: string | null;
  layout: DashboardLayout;
  settings: DashboardSettings;
  refresh_interval_seconds: number | null;
  filters: unknown[];
  embed: { allowed_domains: string[] };
  /** The public token, shown to those who may share (null when not public). */
  share_token: string | null;
  tiles: Tile[];
  members?: DashboardMember[];
  metadata: {
    created_by: string | null;
    created_at: string;
    updated_at: string;
    last_refreshed_at: string | null;
  };
  permissions: DashboardPermissions;
}

/** A dashboard as versioned JSON: what export writes and import reads. */
export interface DashboardExport {
  version: 1;
  exported_at: string;
  dashboard: {
    name: string;
    description: string | null;
    tags: string[];
    layout: DashboardLayout;
    settings: DashboardSettings;
    filters: unknown[];
    embed: { allowed_domains: string[] };
    tiles: Array<
      Partial<Pick<Tile, 'chart_type' | 'conversation_id' | 'message_id'>> &
        Pick<
          Tile,
          'title' | 'tile_type' | 'source' | 'chart_config' | 'grid_x' | 'grid_y' | 'grid_w' | 'grid_h'
        >
    >;
  };
}

/** GET /dashboards/:id/tiles/:tileId/drill: what lies behind one point of a tile. */
export type DrillResult =
  | {
      kind: 'content-manager';
      uid: string;
      /** The Content Manager list's `filters[$and]`, as its URL takes them. */
      filters: Record<string, unknown>[];
      /** The Content Manager list view with those filters, under the admin panel's URL. */
      admin_path: string;
    }
  | { kind: 'rows'; columns: string[]; rows: Record<string, unknown>[]; truncated: boolean };
