import type { Pagination } from '../../../contracts/dashboards';
import { PLUGIN_ID } from '../pluginId';
import type { NotificationChannel } from './cronPreview';

/** The admin API path of one dashboard: `/dashboards/dashboards/:id<rest>`. */
export const dashboardPath = (id: string, rest = ''): string =>
  `/${PLUGIN_ID}/dashboards/${encodeURIComponent(id)}${rest}`;

/** POST /:id/share with `{is_public}`. */
export interface PublicShare {
  is_public: boolean;
  share_token: string | null;
  share_url: string | null;
}

/** A share link as GET /:id/share-links lists it (revoked ones without token). */
export interface ShareLink {
  id: string;
  kind: 'public' | 'link';
  share_token: string | null;
  share_url: string | null;
  expires_at: string | null;
  password_protected: boolean;
  access_level: string;
  access_count: number;
  last_accessed_at: string | null;
  revoked: boolean;
  created_at: string | null;
}

export interface EmbedOptions {
  theme: 'light' | 'dark';
  hide_header: boolean;
  hide_filters: boolean;
  auto_refresh: boolean;
}

export interface EmbedInfo {
  embed_url: string;
  iframe_code: string;
  allowed_domains: string[];
  embed_token: string;
  expires_at: string;
}

export interface Schedule {
  schedule_id: string;
  enabled: boolean;
  cron: string;
  timezone: string;
  notify_on_failure: boolean;
  notification_channels: NotificationChannel[];
  last_run: string | null;
  next_run: string | null;
  status: string;
  consecutive_failures: number;
}

export interface TileError {
  widget_id: string | null;
  title: string | null;
  error: string;
}

/** A refresh run (POST /:id/refresh's 202, GET /:id/refresh/:refreshId, a history row). */
export interface RefreshRun {
  refresh_id: string;
  trigger_type: string | null;
  status: 'running' | 'completed' | 'partial' | 'failed';
  started_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  progress: { done: number; total: number };
  widgets_refreshed: number;
  errors: TileError[];
}

export interface ScheduleResponse {
  schedule: Schedule | null;
  history: RefreshRun[];
  pagination: Pagination;
}

/** The embed options as GET /:id/embed takes them: only those that differ from the defaults. */
export const embedQuery = (options: EmbedOptions): string => {
  const query = new URLSearchParams();
  if (options.theme !== 'light') query.set('theme', options.theme);
  for (const key of ['hide_header', 'hide_filters', 'auto_refresh'] as const) {
    if (options[key]) query.set(key, 'true');
  }
  const text = query.toString();
  return text ? `?${text}` : '';
};

/** The allowed domains typed one per line (or separated by commas or spaces), without blanks or repeats. */
export const parseDomains = (text: string): string[] => [
  ...new Set(
    text
      .split(/[\s,]+/)
      .map((domain) => domain.trim().toLowerCase())
      .filter(Boolean)
  ),
];

/** Copies `text`; false when the browser refuses. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
