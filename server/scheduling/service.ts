import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DateTime } from 'luxon';
import { UID } from '../content-types';
import { getConfig } from '../config';
import { principalRef, type Principal } from '../permissions/principal';
import { loadDashboard } from '../dashboards/access';
import { getService } from '../get-service';
import { nextFire } from './cron';
import type { Schedule, ScheduleResponse } from '../../contracts/schedules';
import type { ScheduleBody } from './validation';
import type { ScheduleRow } from '../db/rows';

/** A time as the schedule answers it: ISO 8601 with the schedule zone's offset. */
const inZone = (value: unknown, zone: string) =>
  value
    ? DateTime.fromJSDate(new Date(value as string), { zone }).toISO({ suppressMilliseconds: true })
    : null;

/** A dashboard's refresh schedule: one per dashboard. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const schedules = () => strapi.db.query(UID.schedule);
  const allowSeconds = () => getConfig(strapi).scheduling.allowSeconds;
  const nextRunOf = (row: ScheduleRow) =>
    row.enabled ? nextFire(row.cron, row.timezone, new Date(), allowSeconds()) : null;

  const toSchedule = (row: ScheduleRow, dashboardId: string): Schedule => ({
    schedule_id: row.documentId,
    dashboard_uuid: dashboardId,
    enabled: row.enabled,
    cron: row.cron,
    timezone: row.timezone,
    notify_on_failure: row.notify_on_failure ?? false,
    notification_channels: row.notification_channels ?? [],
    last_run: inZone(row.last_run, row.timezone),
    next_run: inZone(nextRunOf(row), row.timezone),
    status: row.enabled ? row.status : 'paused',
    consecutive_failures: row.consecutive_failures ?? 0,
    created_at: inZone(row.createdAt, 'UTC'),
    updated_at: inZone(row.updatedAt, 'UTC'),
  });

  const scheduleOf = (dashboardId: number) =>
    schedules().findOne({ where: { dashboard: { id: dashboardId } } });

  return {
    async get(
      principal: Principal,
      documentId: string,
      page?: number,
      limit?: number
    ): Promise<ScheduleResponse> {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'read');
      const row = await scheduleOf(dashboard.id);
      const { history, pagination } = await getService(strapi, 'refresh').history(
        dashboard.id,
        documentId,
        page,
        limit
      );
      const zone = row?.timezone ?? 'UTC';
      return {
        dashboard_uuid: documentId,
        schedule: row ? toSchedule(row, documentId) : null,
        history: history.map((run) => ({
          ...run,
          started_at: inZone(run.started_at, zone),
          completed_at: inZone(run.completed_at, zone),
          fire_time: inZone(run.fire_time, zone),
        })),
        pagination,
      };
    },

    /** Creates or replaces the schedule; this instance's scheduler follows at once, the others at their next sync. */
    async set(principal: Principal, documentId: string, body: ScheduleBody) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'schedule');
      const current = await scheduleOf(dashboard.id);
      const data = {
        ...body,
        run_as: principalRef(principal),
        status: body.enabled ? 'active' : 'paused',
        consecutive_failures: 0,
        backoff_until: null,
        next_run: body.enabled ? nextFire(body.cron, body.timezone, new Date(), allowSeconds()) : null,
      };
      const row = current
        ? await schedules().update({ where: { id: current.id }, data })
        : await schedules().create({ data: { ...data, dashboard: dashboard.id } });
      await getService(strapi, 'scheduler').sync();
      return toSchedule(row, documentId);
    },

    async remove(principal: Principal, documentId: string) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'schedule');
      const current = await scheduleOf(dashboard.id);
      if (!current) throw new errors.NotFoundError('This dashboard has no schedule');
      await schedules().delete({ where: { id: current.id } });
      await getService(strapi, 'scheduler').sync();
    },
  };
};
