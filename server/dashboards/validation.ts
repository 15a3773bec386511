/*
 * The request schemas of the dashboard routes, gathered for the route tables. They live by what
 * they check: params and query strings (request-params.ts), a tile's data source
 * (tile-source-schema.ts), a tile (tile-schema.ts), a dashboard (dashboard-schema.ts).
 */
export {
  dataQuerySchema,
  drillQuerySchema,
  dashboardDataQuerySchema,
  documentIdSchema,
  findOneQuerySchema,
  idParamsSchema,
  listQuerySchema,
  memberParamsSchema,
  memberSchema,
  queryBoolean,
  queryInt,
  tagsQuerySchema,
  tileParamsSchema,
  revisionParamsSchema,
  type ListQuery,
  type TagsQuery,
} from './request-params';
export { tileSourceSchema } from './tile-source-schema';
export {
  checkTileRules,
  conversationTileSchema,
  createTileSchema,
  layoutUpdateSchema,
  previewTileSchema,
  updateTileSchema,
  type CanonicalTile,
} from './tile-schema';
export {
  createDashboardSchema,
  importSchema,
  updateDashboardSchema,
  type CanonicalDashboard,
} from './dashboard-schema';
