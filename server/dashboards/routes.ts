import { ACTIONS } from '../permissions/actions';
import { contentApiAuth } from '../http/auth';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Each route once: its path under the dashboards resource, its handler, and the admin RBAC action
 * that guards it in the admin panel. Content-API callers need the handler's own action
 * (Settings → Users & Permissions); the order matters where a literal segment shares a position
 * with a parameter (`tiles/layout` before `tiles/:tileId`).
 */
const ROUTES: [Method, string, string, string][] = [
  ['GET', '/', 'dashboard.find', ACTIONS.read],
  ['POST', '/', 'dashboard.create', ACTIONS.create],
  ['POST', '/import', 'dashboard.import', ACTIONS.create],
  ['GET', '/:id', 'dashboard.findOne', ACTIONS.read],
  ['PUT', '/:id', 'dashboard.update', ACTIONS.update],
  ['DELETE', '/:id', 'dashboard.delete', ACTIONS.delete],
  ['POST', '/:id/archive', 'dashboard.archive', ACTIONS.update],
  ['GET', '/:id/export', 'dashboard.export', ACTIONS.read],
  ['POST', '/:id/members', 'dashboard.addMember', ACTIONS.update],
  ['DELETE', '/:id/members/:userId', 'dashboard.removeMember', ACTIONS.update],
  ['POST', '/:id/tiles', 'tile.create', ACTIONS.update],
  ['POST', '/:id/tiles/from-conversation', 'tile.createFromConversation', ACTIONS.update],
  ['PUT', '/:id/tiles/layout', 'tile.updateLayout', ACTIONS.update],
  ['PUT', '/:id/tiles/:tileId', 'tile.update', ACTIONS.update],
  ['DELETE', '/:id/tiles/:tileId', 'tile.delete', ACTIONS.update],
];

/** Content API: /api/dashboards/… */
export const contentApiRoutes = ROUTES.map(([method, path, handler]) => ({
  method,
  path,
  handler,
  config: { auth: contentApiAuth(`plugin::dashboards.${handler}`) },
}));

/** Admin API: /dashboards/dashboards/… for the admin panel. */
export const adminRoutes = ROUTES.map(([method, path, handler, action]) => ({
  method,
  path: path === '/' ? '/dashboards' : `/dashboards${path}`,
  handler,
  config: {
    policies: [
      'admin::isAuthenticatedAdmin',
      { name: 'admin::hasPermissions', config: { actions: [action] } },
    ],
  },
}));
