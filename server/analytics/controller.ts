import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { AnalyticsEndpoint } from '../../contracts/dashboards';
import { resolvePrincipal } from '../permissions/principal';
import { getService } from '../services';
import { ENDPOINTS } from './endpoints';

/** One handler per endpoint (each is its own users-permissions action), all alike. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  Object.fromEntries(
    Object.keys(ENDPOINTS).map((name) => [
      name,
      async (ctx: Context) => {
        ctx.body = await getService(strapi, 'analytics').run(
          resolvePrincipal(ctx),
          name as AnalyticsEndpoint,
          ctx.query as Record<string, unknown>
        );
      },
    ])
  );
