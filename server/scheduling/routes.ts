import { ACTIONS } from '../permissions/actions';
import type { RouteSpec } from '../http/routes';
import { historyQuerySchema, refreshBodySchema, scheduleBodySchema } from './validation';

/** Refresh schedules and refresh runs of one dashboard: content API and admin panel alike. */
export const SCHEDULING_ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/:id/schedule',
    handler: 'dashboard.getSchedule',
    adminAction: ACTIONS.read,
    summary:
      'The schedule (`next_run` in its time zone, `last_run`, `status`; null when there is none) and the refresh history, newest first (`page`, `limit`)',
    query: historyQuerySchema,
    success: [200, '{ dashboard_uuid, schedule, history, pagination }'],
  },
  {
    method: 'POST',
    path: '/:id/schedule',
    handler: 'dashboard.schedule',
    adminAction: ACTIONS.schedule,
    summary:
      'Create or replace the schedule: `enabled`, `cron` (5 fields), `timezone` (IANA, default UTC), `notify_on_failure`, `notification_channels` (email, slack, webhook)',
    body: scheduleBodySchema,
    success: [200, 'Schedule'],
  },
  {
    method: 'DELETE',
    path: '/:id/schedule',
    handler: 'dashboard.deleteSchedule',
    adminAction: ACTIONS.schedule,
    summary: 'Remove the schedule (404 if there is none)',
    success: [204, 'nothing'],
  },
  {
    method: 'POST',
    path: '/:id/refresh',
    handler: 'dashboard.refresh',
    adminAction: ACTIONS.update,
    summary:
      'Refresh the tiles (`widgets`: some tile ids) into a new snapshot: `mode: async` answers 202 with the run, `sync` waits for it; 409 while a refresh runs',
    body: refreshBodySchema,
    success: [202, '{ refresh_id, dashboard_uuid, status, started_at, widgets_refreshing, progress }'],
  },
  {
    method: 'GET',
    path: '/:id/refresh/:refreshId',
    handler: 'dashboard.refreshStatus',
    adminAction: ACTIONS.read,
    summary: 'A refresh run: status, progress (tiles done / total), per-tile errors, duration',
    success: [200, 'RefreshRun'],
  },
];
