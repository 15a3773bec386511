import { DASHBOARD_ROUTES, TILE_ROUTES } from './dashboards/routes';
import { REVISION_ROUTES } from './dashboards/revision-routes';
import { SUBSCRIPTION_ROUTES } from './scheduling/subscription-routes';
import { QUERY_ROUTES } from './query/routes';
import { ANALYTICS_ROUTES } from './analytics/routes';
import { PUBLIC_ROUTES, SHARING_ROUTES } from './sharing/routes';
import { SCHEDULING_ROUTES } from './scheduling/routes';
import { toAdminRoutes, toContentApiRoutes, type RouteSpec } from './http/routes';
import { answerOwnErrors } from './http/errors';

/** Literal paths (/datasources, /shared/:token …) come before the dashboards' /:id routes. */
export const ALL_ROUTES: RouteSpec[] = [
  QUERY_ROUTES,
  ANALYTICS_ROUTES,
  PUBLIC_ROUTES,
  SHARING_ROUTES,
  SCHEDULING_ROUTES,
  REVISION_ROUTES,
  SUBSCRIPTION_ROUTES,
  DASHBOARD_ROUTES,
  TILE_ROUTES,
].flatMap((table) => Object.values<RouteSpec>(table));

/** The share and embed pages and the viewer's files, outside /api and the admin panel: /dashboards/… */
const PAGE_ROUTES = [
  { path: '/shared/:token', handler: 'pages.shared' },
  { path: '/embed/:id', handler: 'pages.embed' },
  { path: '/viewer/:file', handler: 'pages.asset' },
].map((route) => ({ method: 'GET', ...route, config: { auth: false, middlewares: [answerOwnErrors] } }));

export default {
  'content-api': { type: 'content-api', routes: toContentApiRoutes(ALL_ROUTES) },
  admin: { type: 'admin', routes: [...PAGE_ROUTES, ...toAdminRoutes(ALL_ROUTES)] },
};
