import { ACTIONS } from '../permissions/actions';
import { CONTENT_API_AUTH } from '../http/auth';

const adminPolicies = (...actions: string[]) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions } },
];

/** Content API: /api/dashboards/… (each handler is an action in Settings → Users & Permissions). */
export const contentApiRoutes = [
  { method: 'GET', path: '/', handler: 'dashboard.find', config: { auth: CONTENT_API_AUTH } },
];

/** Admin API: /dashboards/… for the admin panel, guarded by the plugin's RBAC actions. */
export const adminRoutes = [
  {
    method: 'GET',
    path: '/dashboards',
    handler: 'dashboard.find',
    config: { policies: adminPolicies(ACTIONS.read) },
  },
];
