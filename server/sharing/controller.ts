import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../get-service';
import { actionsFor } from '../http/routes';
import { frameAncestors, publicHeaders } from './headers';
import { PUBLIC_ROUTES, SHARING_ROUTES } from './routes';
import { sharePasswordOf } from './service';
import type { Published } from './context';

/** The sharing actions of the `dashboard` controller (so their content-API actions read dashboard.share …). */
export const dashboardSharingActions = ({ strapi }: { strapi: Core.Strapi }) => {
  const sharing = () => getService(strapi, 'sharing');

  return actionsFor(SHARING_ROUTES, {
    snapshot: ({ principal, params }) => sharing().snapshot(principal, params.id),
    latestSnapshot: ({ principal, params }) => sharing().latestSnapshot(principal, params.id),
    share: ({ principal, params, body }) => sharing().share(principal, params.id, body),
    shareLinks: ({ principal, params }) => sharing().listLinks(principal, params.id),
    rotateShareLink: ({ principal, params }) => sharing().rotateLink(principal, params.id, params.linkId),
    revokeShareLink: ({ principal, params }) => sharing().revokeLink(principal, params.id, params.linkId),
    embed: ({ principal, params, query }) => sharing().embed(principal, params.id, query),
  });
};

/** The public routes: a share or embed token instead of credentials. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const sharing = () => getService(strapi, 'sharing');

  /** Frames the answer only where the dashboard's allowed domains say. */
  const framed = (ctx: Context, published: Published) => {
    publicHeaders(ctx, frameAncestors(sharing().allowedDomains(published.dashboard)));
    return published;
  };
  const openShared = async (ctx: Context, token: string, count: boolean) =>
    framed(ctx, await sharing().open(ctx, token, { count, password: sharePasswordOf(ctx) }));
  const openEmbedded = async (ctx: Context, id: string, token: string) =>
    framed(ctx, await sharing().openEmbed(ctx, id, token, sharePasswordOf(ctx)));

  return actionsFor(PUBLIC_ROUTES, {
    structure: async ({ params }, ctx) => {
      const published = await openShared(ctx, params.token, true);
      return sharing().publicStructure(published.dashboard, published);
    },

    data: async ({ params, query }, ctx) =>
      sharing().publicData(await openShared(ctx, params.token, false), query.params),

    dashboard: async ({ params }, ctx) => {
      const published = await openShared(ctx, params.token, true);
      return {
        ...(await sharing().publicStructure(published.dashboard, published)),
        data: await sharing().publicData(published),
      };
    },

    embedStructure: async ({ params, query }, ctx) => {
      const published = await openEmbedded(ctx, params.id, query.token);
      return sharing().publicStructure(published.dashboard, published);
    },

    embedData: async ({ params, query }, ctx) =>
      sharing().publicData(await openEmbedded(ctx, params.id, query.token), query.params),
  });
};
