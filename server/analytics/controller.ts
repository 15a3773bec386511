import type { Core } from '@strapi/strapi';
import type { AnalyticsEndpoint } from '../../contracts/dashboards';
import { actionsFor, type Action, type RouteDeclaration } from '../http/routes';
import { getService } from '../get-service';
import { ANALYTICS_ROUTES } from './routes';

/** One action per endpoint (each is its own users-permissions action), all alike. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  // the service takes the query as given (it checks it again): tiles hand it their parameters so
  const actionOf =
    (name: string): Action<RouteDeclaration> =>
    ({ principal }, ctx) =>
      getService(strapi, 'analytics').run(
        principal,
        name as AnalyticsEndpoint,
        ctx.query as Record<string, unknown>,
        { cache: true }
      );
  return actionsFor(
    ANALYTICS_ROUTES,
    Object.fromEntries(Object.keys(ANALYTICS_ROUTES).map((name) => [name, actionOf(name)]))
  );
};
