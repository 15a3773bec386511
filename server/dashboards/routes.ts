import type { z } from 'zod';
import { ACTIONS } from '../permissions/actions';
import { contentApiAuth } from '../http/auth';
import {
  conversationTileSchema,
  createDashboardSchema,
  createTileSchema,
  importSchema,
  layoutUpdateSchema,
  listQuerySchema,
  memberSchema,
  updateDashboardSchema,
  updateTileSchema,
} from './validation';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the dashboards resource (/api/dashboards in the content API). */
  path: string;
  handler: string;
  /** The admin RBAC action that guards the admin-panel route. */
  adminAction: string;
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success status and what it returns. */
  success: [number, string];
}

/**
 * Each route once. Content-API callers need the handler's own action (Settings → Users &
 * Permissions); the order matters where a literal segment shares a position with a parameter
 * (`tiles/layout` before `tiles/:tileId`).
 */
export const DASHBOARD_ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/',
    handler: 'dashboard.find',
    adminAction: ACTIONS.read,
    summary: 'List the dashboards the caller may see',
    query: listQuerySchema,
    success: [200, '{ data: DashboardListItem[], pagination }'],
  },
  {
    method: 'POST',
    path: '/',
    handler: 'dashboard.create',
    adminAction: ACTIONS.create,
    summary: 'Create a dashboard (needs the pro entitlement); seed 003 or seed 004 body',
    body: createDashboardSchema,
    success: [201, 'Dashboard'],
  },
  {
    method: 'POST',
    path: '/import',
    handler: 'dashboard.import',
    adminAction: ACTIONS.create,
    summary: 'Create a dashboard from exported JSON (needs the pro entitlement)',
    body: importSchema,
    success: [201, 'Dashboard'],
  },
  {
    method: 'GET',
    path: '/:id',
    handler: 'dashboard.findOne',
    adminAction: ACTIONS.read,
    summary: 'A dashboard with its tiles',
    success: [200, 'Dashboard'],
  },
  {
    method: 'PUT',
    path: '/:id',
    handler: 'dashboard.update',
    adminAction: ACTIONS.update,
    summary: 'Partial update; `widgets` or `tiles` replace the tile set; 409 while a refresh runs',
    body: updateDashboardSchema,
    success: [200, 'Dashboard'],
  },
  {
    method: 'DELETE',
    path: '/:id',
    handler: 'dashboard.delete',
    adminAction: ACTIONS.delete,
    summary: 'Delete with its tiles, snapshots, schedule, share links, runs and members',
    success: [204, 'No content'],
  },
  {
    method: 'POST',
    path: '/:id/archive',
    handler: 'dashboard.archive',
    adminAction: ACTIONS.update,
    summary: 'Archive (unarchive with PUT is_archived=false)',
    success: [204, 'No content'],
  },
  {
    method: 'GET',
    path: '/:id/export',
    handler: 'dashboard.export',
    adminAction: ACTIONS.read,
    summary: 'The dashboard as versioned JSON (dashboards as code)',
    success: [200, 'DashboardExport'],
  },
  {
    method: 'POST',
    path: '/:id/members',
    handler: 'dashboard.addMember',
    adminAction: ACTIONS.update,
    summary: 'Grant a users-permissions user the editor or viewer role (owner only)',
    body: memberSchema,
    success: [200, 'Dashboard'],
  },
  {
    method: 'DELETE',
    path: '/:id/members/:userId',
    handler: 'dashboard.removeMember',
    adminAction: ACTIONS.update,
    summary: 'Take a member off the dashboard (owner only)',
    success: [204, 'No content'],
  },
  {
    method: 'POST',
    path: '/:id/tiles',
    handler: 'tile.create',
    adminAction: ACTIONS.update,
    summary: 'Add a tile (placed in the first free slot when no position is given)',
    body: createTileSchema,
    success: [201, 'Tile'],
  },
  {
    method: 'POST',
    path: '/:id/tiles/from-conversation',
    handler: 'tile.createFromConversation',
    adminAction: ACTIONS.update,
    summary: 'Add the chart of an AI conversation message (conversation_id and message_id kept)',
    body: conversationTileSchema,
    success: [201, 'Tile'],
  },
  {
    method: 'PUT',
    path: '/:id/tiles/layout',
    handler: 'tile.updateLayout',
    adminAction: ACTIONS.update,
    summary: 'Bulk positions after drag and drop, all or nothing',
    body: layoutUpdateSchema,
    success: [204, 'No content'],
  },
  {
    method: 'PUT',
    path: '/:id/tiles/:tileId',
    handler: 'tile.update',
    adminAction: ACTIONS.update,
    summary: 'Update a tile',
    body: updateTileSchema,
    success: [200, 'Tile'],
  },
  {
    method: 'DELETE',
    path: '/:id/tiles/:tileId',
    handler: 'tile.delete',
    adminAction: ACTIONS.update,
    summary: 'Delete a tile',
    success: [204, 'No content'],
  },
];

/** Content API: /api/dashboards/… */
export const contentApiRoutes = DASHBOARD_ROUTES.map(({ method, path, handler }) => ({
  method,
  path,
  handler,
  config: { auth: contentApiAuth(`plugin::dashboards.${handler}`) },
}));

/** Admin API: /dashboards/dashboards/… for the admin panel. */
export const adminRoutes = DASHBOARD_ROUTES.map(({ method, path, handler, adminAction }) => ({
  method,
  path: path === '/' ? '/dashboards' : `/dashboards${path}`,
  handler,
  config: {
    policies: [
      'admin::isAuthenticatedAdmin',
      { name: 'admin::hasPermissions', config: { actions: [adminAction] } },
    ],
  },
}));
