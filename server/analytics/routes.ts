import { defineRoutes, type RouteDeclaration } from '../http/routes';
import { analyticsViewAction } from '../permissions/actions';
import { ENDPOINTS, querySchemaOf } from './endpoints';

/**
 * GET /api/dashboard/<name> (outside the plugin's /api/dashboards prefix), and
 * /dashboards/dashboards/analytics/<name> for the admin panel, guarded by the module's view action.
 */
export const ANALYTICS_ROUTES = defineRoutes(
  'analytics',
  Object.fromEntries(
    Object.entries(ENDPOINTS).map(([name, spec]): [string, RouteDeclaration] => [
      name,
      {
        method: 'GET',
        path: `/analytics/${name}`,
        contentApiPath: `/dashboard/${name}`,
        adminAction: analyticsViewAction(spec!.module),
        summary: spec!.summary,
        query: querySchemaOf(spec!),
        success: [200, 'the figures docs/metrics.md defines for it'],
        rateLimit: 'analytics',
      },
    ])
  )
);
