import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { resolvePrincipal } from '../permissions/principal';
import { validate } from '../http/validate';
import { idParamsSchema } from '../dashboards/validation';
import {
  embedOptionsSchema,
  embedRequestSchema,
  linkParamsSchema,
  shareSchemaOf,
  tokenParamsSchema,
} from './validation';
import { frameAncestors, publicHeaders } from './pages';
import { sharePasswordOf } from './service';

/** The sharing actions of the `dashboard` controller (so their content-API actions read dashboard.share …). */
export const dashboardSharingActions = ({ strapi }: { strapi: Core.Strapi }) => {
  const sharing = () => getService(strapi, 'sharing');
  const dashboardId = (ctx: Context) => validate(idParamsSchema, ctx.params).id;

  return {
    async snapshot(ctx: Context) {
      const id = dashboardId(ctx);
      ctx.status = 201;
      ctx.body = await sharing().snapshot(resolvePrincipal(ctx), id);
    },

    async latestSnapshot(ctx: Context) {
      ctx.body = await sharing().latestSnapshot(resolvePrincipal(ctx), dashboardId(ctx));
    },

    async share(ctx: Context) {
      const id = dashboardId(ctx);
      const body = validate(shareSchemaOf(ctx.request.body), ctx.request.body);
      ctx.body = await sharing().share(resolvePrincipal(ctx), id, body);
    },

    async shareLinks(ctx: Context) {
      ctx.body = await sharing().listLinks(resolvePrincipal(ctx), dashboardId(ctx));
    },

    async rotateShareLink(ctx: Context) {
      const { id, linkId } = validate(linkParamsSchema, ctx.params);
      ctx.body = await sharing().rotateLink(resolvePrincipal(ctx), id, linkId);
    },

    async revokeShareLink(ctx: Context) {
      const { id, linkId } = validate(linkParamsSchema, ctx.params);
      await sharing().revokeLink(resolvePrincipal(ctx), id, linkId);
      ctx.status = 204;
    },

    async embed(ctx: Context) {
      const id = dashboardId(ctx);
      ctx.body = await sharing().embed(resolvePrincipal(ctx), id, validate(embedOptionsSchema, ctx.query));
    },
  };
};

/** The public routes: a share or embed token instead of credentials. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const sharing = () => getService(strapi, 'sharing');

  /** Opens the shared dashboard, answering with the headers every public response carries. */
  async function openShared(ctx: Context, count: boolean) {
    publicHeaders(ctx, frameAncestors([]));
    const { token } = validate(tokenParamsSchema, ctx.params);
    const published = await sharing().open(ctx, token, { count, password: sharePasswordOf(ctx) });
    publicHeaders(ctx, frameAncestors(sharing().allowedDomains(published.dashboard)));
    return published;
  }

  async function openEmbedded(ctx: Context) {
    publicHeaders(ctx, frameAncestors([]));
    const { id } = validate(idParamsSchema, ctx.params);
    const { token } = validate(embedRequestSchema, ctx.query);
    const published = await sharing().openEmbed(ctx, id, token, sharePasswordOf(ctx));
    publicHeaders(ctx, frameAncestors(sharing().allowedDomains(published.dashboard)));
    return published;
  }

  return {
    async structure(ctx: Context) {
      ctx.body = await sharing().publicStructure((await openShared(ctx, true)).dashboard);
    },

    async data(ctx: Context) {
      ctx.body = await sharing().publicData(await openShared(ctx, false));
    },

    async dashboard(ctx: Context) {
      const published = await openShared(ctx, true);
      ctx.body = {
        ...(await sharing().publicStructure(published.dashboard)),
        data: await sharing().publicData(published),
      };
    },

    async embedStructure(ctx: Context) {
      ctx.body = await sharing().publicStructure((await openEmbedded(ctx)).dashboard);
    },

    async embedData(ctx: Context) {
      ctx.body = await sharing().publicData(await openEmbedded(ctx));
    },
  };
};
