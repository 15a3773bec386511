import { ACTIONS } from '../permissions/actions';
import { defineRoutes } from '../http/routes';
import { idParamsSchema } from '../dashboards/validation';
import { getConfig } from '../config';
import {
  historyQuerySchema,
  refreshBodySchema,
  refreshParamsSchema,
  scheduleBodySchema,
  scheduleSchemaOf,
} from './validation';

/** Refresh schedules and refresh runs of one dashboard: content API and admin panel alike. */
export const SCHEDULING_ROUTES = defineRoutes('dashboard', {
  getSchedule: {
    method: 'GET',
    path: '/:id/schedule',
    adminAction: ACTIONS.read,
    summary:
      'The schedule (`next_run` in its time zone, `last_run`, `status`; null when there is none) and the refresh history, newest first (`page`, `limit`)',
    params: idParamsSchema,
    query: historyQuerySchema,
    success: [200, '{ dashboard_uuid, schedule, history, pagination }'],
  },
  schedule: {
    method: 'POST',
    path: '/:id/schedule',
    adminAction: ACTIONS.schedule,
    summary:
      'Create or replace the schedule: `enabled`, `cron` (5 fields), `timezone` (IANA, default UTC), `notify_on_failure`, `notification_channels` (email, slack, webhook)',
    params: idParamsSchema,
    body: scheduleBodySchema,
    bodyOf: () => scheduleSchemaOf(getConfig(strapi).scheduling),
    success: [200, 'Schedule'],
  },
  deleteSchedule: {
    method: 'DELETE',
    path: '/:id/schedule',
    adminAction: ACTIONS.schedule,
    summary: 'Remove the schedule (404 if there is none)',
    params: idParamsSchema,
    success: [204, 'nothing'],
  },
  refresh: {
    method: 'POST',
    path: '/:id/refresh',
    adminAction: ACTIONS.update,
    summary:
      'Refresh the tiles (`widgets`: some tile ids) into a new snapshot: `mode: async` answers 202 with the run, `sync` waits for it; 409 while a refresh runs',
    params: idParamsSchema,
    body: refreshBodySchema,
    success: [202, '{ refresh_id, dashboard_uuid, status, started_at, widgets_refreshing, progress }'],
  },
  refreshStatus: {
    method: 'GET',
    path: '/:id/refresh/:refreshId',
    adminAction: ACTIONS.read,
    summary: 'A refresh run: status, progress (tiles done / total), per-tile errors, duration',
    params: refreshParamsSchema,
    success: [200, 'RefreshRun'],
  },
});
