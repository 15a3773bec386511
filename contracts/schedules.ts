/** Rules shared by the server's schedule validation and the admin's schedule dialog. */
import type { Pagination } from './dashboards';

/** An IANA time zone as schedules take it: one the runtime knows, with a slash (Europe/Berlin), or UTC. */
export function isTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone.includes('/') || timezone === 'UTC';
  } catch {
    return false;
  }
}

export const NOTIFICATION_CHANNELS = ['email', 'slack', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** A dashboard's refresh schedule as `GET /:id/schedule` shows it (times in its time zone). */
export interface Schedule {
  schedule_id: string;
  dashboard_uuid: string;
  enabled: boolean;
  cron: string;
  timezone: string;
  notify_on_failure: boolean;
  notification_channels: NotificationChannel[];
  last_run: string | null;
  next_run: string | null;
  status: string;
  consecutive_failures: number;
  created_at: string | null;
  updated_at: string | null;
}

/** The body of `POST /:id/schedule`. */
export interface ScheduleBody {
  enabled: boolean;
  cron: string;
  timezone: string;
  notify_on_failure: boolean;
  notification_channels: NotificationChannel[];
}

/** A tile that failed in a refresh run. */
export interface RefreshTileError {
  widget_id: string | null;
  title: string | null;
  error: string;
}

export type RefreshRunStatus = 'running' | 'completed' | 'partial' | 'failed';

/** A refresh run: `POST /:id/refresh`'s 202, `GET /:id/refresh/:refreshId`, a row of the schedule's history. */
export interface RefreshRun {
  refresh_id: string;
  execution_id: string;
  dashboard_uuid: string;
  trigger_type: string | null;
  status: RefreshRunStatus;
  started_at: string | null;
  completed_at: string | null;
  duration_ms: number | null;
  duration_seconds: number | null;
  fire_time: string | null;
  widgets_refreshing: unknown[];
  progress: { done: number; total: number };
  widgets_refreshed: number;
  errors: RefreshTileError[];
  notifications: unknown[];
}

/** `GET /:id/schedule`: the schedule (null when there is none) and a page of its run history. */
export interface ScheduleResponse {
  dashboard_uuid: string;
  schedule: Schedule | null;
  history: RefreshRun[];
  pagination: Omit<Pagination, 'offset'>;
}
