import type { Core } from '@strapi/strapi';
import { csvFileName, toCsv } from '../query/csv';
import { getService } from '../get-service';
import { PRO, requireEntitlement } from '../permissions/entitlements';
import { invalidField } from '../http/errors';
import { shareTokenOf } from '../http/auth';
import { actionsFor } from '../http/routes';
import { DASHBOARD_ROUTES } from './routes';

/** The dashboards resource: the same actions serve the content API and the admin panel. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const dashboards = () => getService(strapi, 'dashboard');

  return actionsFor(DASHBOARD_ROUTES, {
    find: ({ principal, query }) => dashboards().list(principal, query),

    tags: ({ principal, query }) => dashboards().tags(principal, query),

    findOne: ({ principal, params, query }, ctx) => {
      const shareToken = shareTokenOf(ctx);
      if (principal === null || shareToken !== null)
        return getService(strapi, 'sharing').sharedView(ctx, params.id, shareToken ?? '');
      return query.refresh
        ? dashboards().findOneRefreshed(principal, params.id)
        : dashboards().findOne(principal, params.id);
    },

    create: async ({ principal, body }) => {
      await requireEntitlement(strapi, principal, PRO);
      return dashboards().create(principal, body);
    },

    update: ({ principal, params, body }) => dashboards().update(principal, params.id, body),

    data: async ({ principal, params, query }, ctx) => {
      const options = { cache: true, cachedOnly: query.only === 'cached', tiles: query.tiles };
      if (query.format !== 'ndjson') return dashboards().data(principal, params.id, query.params, options);
      const lines = await dashboards().dataLines(principal, params.id, query.params, options);
      ctx.type = 'application/x-ndjson';
      ctx.set('Cache-Control', 'no-store');
      // a proxy that buffers answers (nginx) would hold every line until the last
      ctx.set('X-Accel-Buffering', 'no');
      return lines;
    },

    tileData: ({ principal, params, query }) =>
      dashboards().tileData(principal, params.id, params.tileId, query.params),

    tileCsv: async ({ principal, params, query }, ctx) => {
      const result = await dashboards().tileData(principal, params.id, params.tileId, query.params);
      if (result.error || !result.data)
        throw invalidField(['tileId'], result.error ?? 'this tile has no data to export');
      // Koa's attachment() adds an ASCII fallback and the RFC 5987 form for other titles
      ctx.attachment(csvFileName(result.title, result.executed_at));
      ctx.type = 'text/csv; charset=utf-8';
      return toCsv(result.data.columns as string[], result.data.rows as Record<string, unknown>[]);
    },

    tileDrill: ({ principal, params, query }) =>
      getService(strapi, 'drill').drill(principal, params.id, params.tileId, query.params, query.point),

    delete: ({ principal, params }) => dashboards().remove(principal, params.id),

    archive: ({ principal, params }) => dashboards().archive(principal, params.id),

    export: ({ principal, params }) => dashboards().exportDashboard(principal, params.id),

    import: async ({ principal, body }) => {
      await requireEntitlement(strapi, principal, PRO);
      return dashboards().create(principal, body);
    },

    duplicate: async ({ principal, params }) => {
      await requireEntitlement(strapi, principal, PRO);
      return dashboards().duplicate(principal, params.id);
    },

    addMember: ({ principal, params, body }) => dashboards().addMember(principal, params.id, body),

    removeMember: ({ principal, params }) => dashboards().removeMember(principal, params.id, params.userId),
  });
};
