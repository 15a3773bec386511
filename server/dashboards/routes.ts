import { ACTIONS } from '../permissions/actions';
import { defineRoutes } from '../http/routes';
import {
  conversationTileSchema,
  createDashboardSchema,
  createTileSchema,
  dataQuerySchema,
  drillQuerySchema,
  dashboardDataQuerySchema,
  findOneQuerySchema,
  idParamsSchema,
  importSchema,
  layoutUpdateSchema,
  listQuerySchema,
  previewTileSchema,
  tagsQuerySchema,
  tileParamsSchema,
  memberParamsSchema,
  memberSchema,
  updateDashboardSchema,
  updateTileSchema,
} from './validation';

/**
 * Each route once. Content-API callers need the handler's own action (Settings → Users &
 * Permissions); the order matters where a literal segment shares a position with a parameter
 * (`tiles/layout` before `tiles/:tileId`).
 */
export const DASHBOARD_ROUTES = defineRoutes('dashboard', {
  find: {
    method: 'GET',
    path: '/',
    adminAction: ACTIONS.read,
    summary: 'List the dashboards the caller may see',
    query: listQuerySchema,
    success: [200, '{ data: DashboardListItem[], pagination }'],
  },
  create: {
    method: 'POST',
    path: '/',
    adminAction: ACTIONS.create,
    summary:
      'Create a dashboard (needs the pro entitlement) from a body with tiles, or with widgets and settings',
    body: createDashboardSchema,
    success: [201, 'Dashboard'],
  },
  tags: {
    method: 'GET',
    path: '/tags',
    adminAction: ACTIONS.read,
    summary:
      'The tags of the dashboards the caller may see (the list’s filters apply), each with how many carry it, by name',
    query: tagsQuerySchema,
    success: [200, '{ data: [{ name, count }] }'],
  },
  import: {
    method: 'POST',
    path: '/import',
    adminAction: ACTIONS.create,
    summary: 'Create a dashboard from exported JSON (needs the pro entitlement)',
    body: importSchema,
    success: [201, 'Dashboard'],
  },
  findOne: {
    method: 'GET',
    path: '/:id',
    adminAction: ACTIONS.read,
    summary:
      'A dashboard with its tiles; refresh=true runs them first and adds each tile’s result; with `share_token` (or X-Share-Token) and no credentials, the shared read-only view',
    params: idParamsSchema,
    query: findOneQuerySchema,
    acceptsShareToken: true,
    success: [200, 'Dashboard'],
  },
  update: {
    method: 'PUT',
    path: '/:id',
    adminAction: ACTIONS.update,
    summary: 'Partial update; `widgets` or `tiles` replace the tile set; 409 while a refresh runs',
    params: idParamsSchema,
    body: updateDashboardSchema,
    success: [200, 'Dashboard'],
  },
  delete: {
    method: 'DELETE',
    path: '/:id',
    adminAction: ACTIONS.delete,
    summary: 'Delete with its tiles, snapshots, schedule, share links, runs and members',
    params: idParamsSchema,
    success: [204, 'No content'],
  },
  archive: {
    method: 'POST',
    path: '/:id/archive',
    adminAction: ACTIONS.update,
    summary: 'Archive (unarchive with PUT is_archived=false)',
    params: idParamsSchema,
    success: [204, 'No content'],
  },
  export: {
    method: 'GET',
    path: '/:id/export',
    adminAction: ACTIONS.read,
    summary: 'The dashboard as versioned JSON (dashboards as code)',
    params: idParamsSchema,
    success: [200, 'DashboardExport'],
  },
  duplicate: {
    method: 'POST',
    path: '/:id/duplicate',
    adminAction: ACTIONS.create,
    summary:
      'Copy a dashboard the caller may read, with its tiles, layout, settings and filters, as “<name> (copy)” owned by the caller (needs the pro entitlement)',
    params: idParamsSchema,
    success: [201, 'Dashboard'],
  },
  data: {
    method: 'GET',
    path: '/:id/data',
    adminAction: ACTIONS.read,
    summary:
      'Run every tile (concurrently; one tile’s error is its own) with the dashboard filters in params[…]; tiles=a,b: only those tiles; only=cached: only what the result cache holds, the other tiles pending; format=ndjson: one tile result per line (application/x-ndjson), each sent as soon as it is computed',
    params: idParamsSchema,
    query: dashboardDataQuerySchema,
    success: [
      200,
      '{ id, name, tiles: [{ id, title, tile_type, data, error, executed_at, execution_time_ms }] }',
    ],
  },
  tileData: {
    method: 'GET',
    path: '/:id/tiles/:tileId/data',
    adminAction: ACTIONS.read,
    summary: 'Run one tile',
    params: tileParamsSchema,
    query: dataQuerySchema,
    success: [200, '{ id, title, tile_type, data, error, executed_at, execution_time_ms }'],
  },
  tileCsv: {
    method: 'GET',
    path: '/:id/tiles/:tileId/csv',
    adminAction: ACTIONS.read,
    summary: 'One tile’s data as CSV (text/csv attachment)',
    params: tileParamsSchema,
    query: dataQuerySchema,
    success: [200, 'text/csv'],
  },
  tileDrill: {
    method: 'GET',
    path: '/:id/tiles/:tileId/drill',
    adminAction: ACTIONS.read,
    summary:
      'What lies behind one point of a tile (`point[column]=value`, with the filters in params[…]): for a content-type tile, the Content Manager list filters of its entries and the admin path that shows them; for a SQL tile, its rows with those values (at most 200)',
    params: tileParamsSchema,
    query: drillQuerySchema,
    success: [200, 'DrillResult'],
  },
  addMember: {
    method: 'POST',
    path: '/:id/members',
    adminAction: ACTIONS.update,
    summary: 'Grant a users-permissions user the editor or viewer role (owner only)',
    params: idParamsSchema,
    body: memberSchema,
    success: [200, 'Dashboard'],
  },
  removeMember: {
    method: 'DELETE',
    path: '/:id/members/:userId',
    adminAction: ACTIONS.update,
    summary: 'Take a member off the dashboard (owner only)',
    params: memberParamsSchema,
    success: [204, 'No content'],
  },
});

/** Tiles of a dashboard. */
export const TILE_ROUTES = defineRoutes('tile', {
  create: {
    method: 'POST',
    path: '/:id/tiles',
    adminAction: ACTIONS.update,
    summary: 'Add a tile (placed in the first free slot when no position is given)',
    params: idParamsSchema,
    body: createTileSchema,
    success: [201, 'Tile'],
  },
  createFromConversation: {
    method: 'POST',
    path: '/:id/tiles/from-conversation',
    adminAction: ACTIONS.update,
    summary: 'Add the chart of an AI conversation message (conversation_id and message_id kept)',
    params: idParamsSchema,
    body: conversationTileSchema,
    success: [201, 'Tile'],
  },
  preview: {
    method: 'POST',
    path: '/:id/tiles/preview',
    adminAction: ACTIONS.update,
    summary:
      "Run a tile that is not saved yet, with the dashboard's filter values, as the tile editor's live preview",
    params: idParamsSchema,
    query: dataQuerySchema,
    body: previewTileSchema,
    success: [200, '{ id, title, tile_type, data, error, executed_at, execution_time_ms }'],
  },
  updateLayout: {
    method: 'PUT',
    path: '/:id/tiles/layout',
    adminAction: ACTIONS.update,
    summary: 'Bulk positions after drag and drop, all or nothing',
    params: idParamsSchema,
    body: layoutUpdateSchema,
    success: [204, 'No content'],
  },
  update: {
    method: 'PUT',
    path: '/:id/tiles/:tileId',
    adminAction: ACTIONS.update,
    summary: 'Update a tile',
    params: tileParamsSchema,
    body: updateTileSchema,
    success: [200, 'Tile'],
  },
  delete: {
    method: 'DELETE',
    path: '/:id/tiles/:tileId',
    adminAction: ACTIONS.update,
    summary: 'Delete a tile',
    params: tileParamsSchema,
    success: [204, 'No content'],
  },
});
