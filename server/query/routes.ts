import { ACTIONS } from '../permissions/actions';
import { defineRoutes } from '../http/routes';
import { previewSchema, tablesParamsSchema, tablesQuerySchema } from './validation';

/**
 * The query engine's own routes. The preview route's action is also what lets a content-API
 * caller save SQL tiles (the admin panel's equivalent is the "Run SQL on datasources" action).
 */
export const QUERY_ROUTES = defineRoutes('query', {
  datasources: {
    method: 'GET',
    path: '/datasources',
    adminAction: ACTIONS.sqlExecute,
    summary:
      'The datasources SQL tiles may use, each with the privilege probe’s verdict on its reader (never the connection)',
    success: [
      200,
      '{ data: [{ id, label, client, sql: { enabled, reader, problems: [{ message, fix }] } }] }',
    ],
  },
  tables: {
    method: 'GET',
    path: '/datasources/:id/tables',
    adminAction: ACTIONS.sqlExecute,
    summary: 'The tables and columns of a datasource that SQL tiles may read (?schema= picks a schema)',
    params: tablesParamsSchema,
    query: tablesQuerySchema,
    success: [200, '{ data: [{ schema, name, columns: [{ name, type }] }] }'],
  },
  contentTypes: {
    method: 'GET',
    path: '/content-types',
    adminAction: ACTIONS.read,
    summary: 'The content types and fields the caller may use in content-type tiles (never private fields)',
    success: [200, '{ data: [{ uid, name, fields: [{ name, type, target? }] }] }'],
  },
  preview: {
    method: 'POST',
    path: '/query/preview',
    adminAction: ACTIONS.sqlExecute,
    summary: 'Run SQL on a datasource for the tile editor’s live preview (same safety rules as tiles)',
    body: previewSchema,
    success: [200, '{ columns, rows, truncated, execution_time_ms }'],
  },
});
