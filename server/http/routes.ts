import type { z } from 'zod';
import { contentApiAuth } from './auth';
import { answerConflicts } from './errors';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the plugin's resource (/api/dashboards in the content API, /dashboards/dashboards in the admin API). */
  path: string;
  /** A content-API path outside the plugin's prefix (`/dashboard/stats` → /api/dashboard/stats). */
  contentApiPath?: string;
  handler: string;
  /** The admin RBAC action that guards the admin-panel route. */
  adminAction: string;
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success status and what it returns. */
  success: [number, string];
}

/** Content API: /api/dashboards/…, each route guarded by its own users-permissions action. */
export const toContentApiRoutes = (specs: RouteSpec[]) =>
  specs.map(({ method, path, contentApiPath, handler }) => ({
    method,
    path: contentApiPath ?? path,
    handler,
    config: {
      ...(contentApiPath ? { prefix: '' } : {}),
      auth: contentApiAuth(`plugin::dashboards.${handler}`),
      middlewares: [answerConflicts],
    },
  }));

/** Admin API: /dashboards/dashboards/… for the admin panel, guarded by the plugin's RBAC actions. */
export const toAdminRoutes = (specs: RouteSpec[]) =>
  specs.map(({ method, path, handler, adminAction }) => ({
    method,
    path: path === '/' ? '/dashboards' : `/dashboards${path}`,
    handler,
    config: {
      policies: [
        'admin::isAuthenticatedAdmin',
        { name: 'admin::hasPermissions', config: { actions: [adminAction] } },
      ],
      middlewares: [answerConflicts],
    },
  }));
