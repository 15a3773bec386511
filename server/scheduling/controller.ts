import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { getConfig } from '../config';
import { resolvePrincipal } from '../permissions/principal';
import { validate } from '../http/validate';
import { idParamsSchema } from '../dashboards/validation';
import { historyQuerySchema, refreshBodySchema, refreshParamsSchema, scheduleSchemaOf } from './validation';

/** The scheduling actions of the `dashboard` controller (content-API actions dashboard.schedule, dashboard.refresh …). */
export const dashboardSchedulingActions = ({ strapi }: { strapi: Core.Strapi }) => {
  const schedules = () => getService(strapi, 'schedules');
  const dashboardId = (ctx: Context) => validate(idParamsSchema, ctx.params).id;

  return {
    async getSchedule(ctx: Context) {
      const id = dashboardId(ctx);
      const { page, limit } = validate(historyQuerySchema, ctx.query);
      ctx.body = await schedules().get(resolvePrincipal(ctx), id, page, limit);
    },

    async schedule(ctx: Context) {
      const id = dashboardId(ctx);
      const body = validate(scheduleSchemaOf(getConfig(strapi).scheduling), ctx.request.body);
      ctx.body = await schedules().set(resolvePrincipal(ctx), id, body);
    },

    async deleteSchedule(ctx: Context) {
      await schedules().remove(resolvePrincipal(ctx), dashboardId(ctx));
      ctx.status = 204;
    },

    async refresh(ctx: Context) {
      const id = dashboardId(ctx);
      const body = validate(refreshBodySchema, ctx.request.body ?? {});
      const { status, body: answer } = await getService(strapi, 'refresh').refresh(
        resolvePrincipal(ctx),
        id,
        body
      );
      ctx.status = status;
      ctx.body = answer;
    },

    async refreshStatus(ctx: Context) {
      const { id, refreshId } = validate(refreshParamsSchema, ctx.params);
      ctx.body = await getService(strapi, 'refresh').status(resolvePrincipal(ctx), id, refreshId);
    },
  };
};
