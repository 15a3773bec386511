import type { DashboardLayout, DashboardSettings, TileSource, TileType } from '../../contracts/dashboards';
import type { SnapshotTileEntry } from '../../contracts/snapshots';
import type { NotificationChannel, RefreshTileError } from '../../contracts/schedules';

/*
 * The plugin's rows as the query engine (strapi.db.query) hands them over: one interface per
 * content type in content-types/, relations present only when populated. Datetimes are what the
 * driver or the query engine gives (an ISO string, a Date, or milliseconds on SQLite), so they are
 * read through `new Date(…)`.
 */

/** A datetime column's value. */
export type Timestamp = string | number | Date;

/** What every row has. */
export interface BaseRow {
  id: number;
  documentId: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A users-permissions user or an admin user, as populated (only what the plugin reads). */
export interface UserRow {
  id: number;
  documentId?: string;
  username?: string | null;
  email?: string | null;
  firstname?: string | null;
  lastname?: string | null;
}

/** plugin::dashboards.revision */
export interface RevisionRow extends BaseRow {
  number: number;
  /** A RevisionContent (contracts/revisions.ts). */
  content: unknown;
  /** RevisionChange[] */
  changes: unknown;
  author: string | null;
  author_name: string | null;
}

/** plugin::dashboards.dashboard */
export interface DashboardRow extends BaseRow {
  name: string;
  description: string | null;
  /** An array of strings once written by the plugin; null on rows from before tags. */
  tags: unknown;
  layout: Partial<DashboardLayout> | null;
  settings: Partial<DashboardSettings> | null;
  filters: DashboardFilterValue[] | null;
  is_public: boolean;
  is_archived: boolean;
  status: 'draft' | 'active';
  last_refreshed_at: Timestamp | null;
  embed_settings: { allowed_domains?: string[] } | null;
  refresh_lock_id: string | null;
  refresh_lock_until: Timestamp | null;
  share_version: number | null;
  workspace?: WorkspaceRow | null;
  owner?: UserRow | null;
  owner_admin?: UserRow | null;
  tiles?: TileRow[];
  snapshots?: SnapshotRow[];
  schedule?: ScheduleRow | null;
  share_links?: ShareLinkRow[];
  refresh_runs?: RefreshRunRow[];
  members?: MemberRow[];
}

/** A dashboard as the list reads it: its tiles only counted. */
export type DashboardListRow = Omit<DashboardRow, 'tiles'> & { tiles?: { count: number } };

/** One of a dashboard's filters, as stored. */
export interface DashboardFilterValue {
  id: string;
  type: 'date_range' | 'values' | 'text';
  label: string;
  options?: (string | number | { value: string | number; label: string })[];
  default?: unknown;
}

/** plugin::dashboards.tile */
export interface TileRow extends BaseRow {
  widget_key: string | null;
  title: string;
  tile_type: TileType;
  chart_type: string | null;
  /** Always written (a tile without data has `{ kind: 'none' }`). */
  source: TileSource;
  /** Always written (`{}` when the tile has none). */
  chart_config: Record<string, unknown>;
  grid_x: number;
  grid_y: number;
  grid_w: number;
  grid_h: number;
  conversation_id: string | null;
  message_id: string | null;
  dashboard?: DashboardRow | null;
}

/** plugin::dashboards.snapshot */
export interface SnapshotRow extends BaseRow {
  tile_data: Record<string, SnapshotTileEntry> | null;
  execution_time_ms: number | null;
  executed_by: string | null;
  trigger_type: 'manual' | 'on_share' | 'schedule' | 'refresh' | 'click_filter';
  expires_at: Timestamp | null;
  /** A click filter's snapshot: the filter value its tiles ran with (null for the dashboard's own). */
  params: Record<string, string> | null;
  /** The digest of `params`, what a click filter's snapshot is found by. */
  params_key: string | null;
  refresh_claimed_at: Timestamp | null;
  dashboard?: DashboardRow | null;
}

/** plugin::dashboards.schedule */
/** plugin::dashboards.subscription: a digest of the dashboard or an alert on one tile's value. */
export interface SubscriptionRow extends BaseRow {
  kind: 'digest' | 'alert';
  name: string | null;
  enabled: boolean;
  cron: string;
  timezone: string;
  email_to: string[] | null;
  slack_webhook_url: string | null;
  tile_key: string | null;
  field: string | null;
  operator: 'above' | 'below' | null;
  /** Decimals come back as strings from some drivers. */
  threshold: number | string | null;
  breached: boolean | null;
  last_value: number | string | null;
  author: string | null;
  last_fire_at: Timestamp | null;
  last_run: Timestamp | null;
  dashboard?: DashboardRow | null;
}

/** plugin::dashboards.subscription-delivery */
export interface SubscriptionDeliveryRow extends BaseRow {
  fire_time: Timestamp;
  event: 'digest' | 'crossed' | 'recovered' | 'error';
  status: 'sent' | 'partial' | 'failed';
  value: number | string | null;
  summary: string | null;
  channels: unknown;
  instance_id: string | null;
  /** The documentId of the share link a digest carried (revoked with the subscription). */
  share_link_id: string | null;
}

export interface ScheduleRow extends BaseRow {
  enabled: boolean;
  cron: string;
  timezone: string;
  notify_on_failure: boolean | null;
  notification_channels: NotificationChannel[] | null;
  next_run: Timestamp | null;
  last_run: Timestamp | null;
  /** Always written (`active` by default). */
  status: 'active' | 'paused' | 'failing';
  last_fire_at: Timestamp | null;
  consecutive_failures: number | null;
  run_as: string | null;
  backoff_until: Timestamp | null;
  dashboard?: DashboardRow | null;
}

/** One tile's failure in a refresh run (no tile when the run itself failed). */
export type RunError = RefreshTileError;

/** plugin::dashboards.refresh-run */
export interface RefreshRunRow extends BaseRow {
  trigger_type: 'manual' | 'schedule' | 'catch_up';
  status: 'running' | 'completed' | 'partial' | 'failed';
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  duration_ms: number | null;
  widgets: string[] | null;
  widgets_total: number | null;
  widgets_refreshed: number | null;
  errors: RunError[] | null;
  fire_time: Timestamp | null;
  lease_until: Timestamp | null;
  instance_id: string | null;
  executed_by: string | null;
  notifications: unknown[] | null;
  dashboard?: DashboardRow | null;
}

/** plugin::dashboards.share-link */
export interface ShareLinkRow extends BaseRow {
  token_hash: string;
  token_sealed: string | null;
  kind: 'public' | 'link';
  expires_at: Timestamp | null;
  password_hash: string | null;
  access_level: 'view' | 'download';
  password_protected: boolean;
  access_count: number;
  last_accessed_at: Timestamp | null;
  revoked: boolean;
  revoked_at: Timestamp | null;
  created_by: string | null;
  dashboard?: DashboardRow | null;
}

/** plugin::dashboards.workspace */
export interface WorkspaceRow extends BaseRow {
  name: string;
  members?: UserRow[];
  dashboards?: DashboardRow[];
}

/** plugin::dashboards.member */
export interface MemberRow extends BaseRow {
  role: 'editor' | 'viewer';
  dashboard?: DashboardRow | null;
  user?: UserRow | null;
}
