import type { Core } from '@strapi/strapi';
import { getService } from '../get-service';
import { actionsFor } from '../http/routes';
import { SCHEDULING_ROUTES } from './routes';

/** The scheduling actions of the `dashboard` controller (content-API actions dashboard.schedule, dashboard.refresh …). */
export const dashboardSchedulingActions = ({ strapi }: { strapi: Core.Strapi }) => {
  const schedules = () => getService(strapi, 'schedules');
  const refreshes = () => getService(strapi, 'refresh');

  return actionsFor(SCHEDULING_ROUTES, {
    getSchedule: ({ principal, params, query }) =>
      schedules().get(principal, params.id, query.page, query.limit),

    schedule: ({ principal, params, body }) => schedules().set(principal, params.id, body),

    deleteSchedule: ({ principal, params }) => schedules().remove(principal, params.id),

    refresh: async ({ principal, params, body }, ctx) => {
      const { status, body: answer } = await refreshes().refresh(principal, params.id, body);
      ctx.status = status;
      return answer;
    },

    refreshStatus: ({ principal, params }) => refreshes().status(principal, params.id, params.refreshId),
  });
};
