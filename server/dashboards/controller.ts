import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { toCsv } from '../query/csv';
import { getService } from '../services';
import { resolvePrincipal } from '../permissions/principal';
import { PRO, requireEntitlement } from '../permissions/entitlements';
import { validate } from '../http/validate';
import { invalidField } from '../http/errors';
import { shareTokenOf } from '../http/auth';
import {
  createDashboardSchema,
  dataQuerySchema,
  findOneQuerySchema,
  idParamsSchema,
  importSchema,
  listQuerySchema,
  memberParamsSchema,
  memberSchema,
  tileParamsSchema,
  updateDashboardSchema,
} from './validation';

/** The dashboards resource: the same actions serve the content API and the admin panel. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const dashboards = () => getService(strapi, 'dashboard');

  return {
    async find(ctx: Context) {
      ctx.body = await dashboards().list(resolvePrincipal(ctx), validate(listQuerySchema, ctx.query));
    },

    async findOne(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      const { refresh } = validate(findOneQuerySchema, ctx.query);
      const shareToken = shareTokenOf(ctx);
      if (shareToken !== null) {
        ctx.body = await getService(strapi, 'sharing').sharedView(ctx, id, shareToken);
        return;
      }
      const principal = resolvePrincipal(ctx);
      ctx.body = refresh
        ? await dashboards().findOneRefreshed(principal, id)
        : await dashboards().findOne(principal, id);
    },

    async create(ctx: Context) {
      const principal = resolvePrincipal(ctx);
      const input = validate(createDashboardSchema, ctx.request.body);
      await requireEntitlement(strapi, principal, PRO);
      ctx.status = 201;
      ctx.body = await dashboards().create(principal, input);
    },

    async update(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      ctx.body = await dashboards().update(
        resolvePrincipal(ctx),
        id,
        validate(updateDashboardSchema, ctx.request.body)
      );
    },

    async data(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      const { params } = validate(dataQuerySchema, ctx.query);
      ctx.body = await dashboards().data(resolvePrincipal(ctx), id, params);
    },

    async tileData(ctx: Context) {
      const { id, tileId } = validate(tileParamsSchema, ctx.params);
      const { params } = validate(dataQuerySchema, ctx.query);
      ctx.body = await dashboards().tileData(resolvePrincipal(ctx), id, tileId, params);
    },

    async tileCsv(ctx: Context) {
      const { id, tileId } = validate(tileParamsSchema, ctx.params);
      const { params } = validate(dataQuerySchema, ctx.query);
      const result = await dashboards().tileData(resolvePrincipal(ctx), id, tileId, params);
      if (result.error || !result.data)
        throw invalidField(['tileId'], result.error ?? 'this tile has no data to export');
      ctx.set('Content-Disposition', `attachment; filename="${tileId}.csv"`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = toCsv(result.data.columns as string[], result.data.rows as Record<string, unknown>[]);
    },

    async delete(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      await dashboards().remove(resolvePrincipal(ctx), id);
      ctx.status = 204;
    },

    async archive(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      await dashboards().archive(resolvePrincipal(ctx), id);
      ctx.status = 204;
    },

    async export(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      ctx.body = await dashboards().exportDashboard(resolvePrincipal(ctx), id);
    },

    async import(ctx: Context) {
      const principal = resolvePrincipal(ctx);
      const input = validate(importSchema, ctx.request.body);
      await requireEntitlement(strapi, principal, PRO);
      ctx.status = 201;
      ctx.body = await dashboards().create(principal, input);
    },

    async addMember(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      ctx.body = await dashboards().addMember(
        resolvePrincipal(ctx),
        id,
        validate(memberSchema, ctx.request.body)
      );
    },

    async removeMember(ctx: Context) {
      const { id, userId } = validate(memberParamsSchema, ctx.params);
      await dashboards().removeMember(resolvePrincipal(ctx), id, userId);
      ctx.status = 204;
    },
  };
};
