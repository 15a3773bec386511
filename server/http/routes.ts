import type { z } from 'zod';
import { contentApiAuth } from './auth';
import { answerOwnErrors } from './errors';
import { rateLimited, type Bucket } from './rate-limit';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the plugin's resource (/api/dashboards in the content API, /dashboards/dashboards in the admin API). */
  path: string;
  /** A content-API path outside the plugin's prefix (`/dashboard/stats` → /api/dashboard/stats). */
  contentApiPath?: string;
  handler: string;
  /** The admin RBAC action that guards the admin-panel route; null for a public route (no admin twin). */
  adminAction: string | null;
  /** No authentication: the route checks what it is given itself (a share or embed token). */
  public?: true;
  /** Also open to a share token instead of credentials (`?share_token=`). */
  acceptsShareToken?: true;
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success status and what it returns. */
  success: [number, string];
  /** The rate-limit bucket the route draws on. */
  rateLimit?: Bucket;
}

const middlewaresOf = (spec: RouteSpec) => [
  answerOwnErrors,
  ...(spec.rateLimit ? [rateLimited(spec.rateLimit)] : []),
];

/** Content API: /api/dashboards/…, each route guarded by its own users-permissions action. */
export const toContentApiRoutes = (specs: RouteSpec[]) =>
  specs.map((spec) => ({
    method: spec.method,
    path: spec.contentApiPath ?? spec.path,
    handler: spec.handler,
    config: {
      ...(spec.contentApiPath ? { prefix: '' } : {}),
      auth: spec.public
        ? false
        : contentApiAuth(`plugin::dashboards.${spec.handler}`, spec.acceptsShareToken),
      middlewares: middlewaresOf(spec),
    },
  }));

/** Admin API: /dashboards/dashboards/… for the admin panel, guarded by the plugin's RBAC actions. */
export const toAdminRoutes = (specs: RouteSpec[]) =>
  specs
    .flatMap((spec) => (spec.adminAction === null ? [] : [{ ...spec, adminAction: spec.adminAction }]))
    .map((spec) => ({
      method: spec.method,
      path: spec.path === '/' ? '/dashboards' : `/dashboards${spec.path}`,
      handler: spec.handler,
      config: {
        policies: [
          'admin::isAuthenticatedAdmin',
          { name: 'admin::hasPermissions', config: { actions: [spec.adminAction] } },
        ],
        middlewares: middlewaresOf(spec),
      },
    }));
