import { DASHBOARD_ROUTES } from './dashboards/routes';
import { QUERY_ROUTES } from './query/routes';
import { ANALYTICS_ROUTES } from './analytics/routes';
import { toAdminRoutes, toContentApiRoutes } from './http/routes';

/** Literal paths (/datasources, /query/preview) come before the dashboards' /:id routes. */
export const ALL_ROUTES = [...QUERY_ROUTES, ...ANALYTICS_ROUTES, ...DASHBOARD_ROUTES];

export default {
  'content-api': { type: 'content-api', routes: toContentApiRoutes(ALL_ROUTES) },
  admin: { type: 'admin', routes: toAdminRoutes(ALL_ROUTES) },
};
