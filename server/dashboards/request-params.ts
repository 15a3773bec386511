import { z } from 'zod';
import { MAX_TAG_LENGTH, MAX_TILES, SORT_FIELDS } from '../../contracts/dashboards';

/* The dashboards routes' params and query strings, and the member body. */

export const queryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const listQuerySchema = z
  .object({
    workspace_id: z.string().min(1).max(64).optional(),
    include_archived: queryBoolean.optional(),
    search: z.string().max(200).optional(),
    page: queryInt(1, 1_000_000).optional(),
    limit: queryInt(1, 100).optional(),
    offset: queryInt(0, 100_000_000).optional(),
    sort: z.enum(SORT_FIELDS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    tag: z.string().trim().min(1).max(MAX_TAG_LENGTH).optional(),
  })
  .strict();
export type ListQuery = z.output<typeof listQuerySchema>;

/** GET /tags: the same filters as the list's (without the tag, paging and sort). */
export const tagsQuerySchema = listQuerySchema.pick({
  workspace_id: true,
  include_archived: true,
  search: true,
});
export type TagsQuery = z.output<typeof tagsQuerySchema>;

export const documentIdSchema = z.string().regex(/^[a-z0-9]{1,64}$/, 'must be a dashboard id');
/** Route params come from the router (which adds positional keys of its own), so unknown keys are ignored. */
export const idParamsSchema = z.object({ id: documentIdSchema });
export const tileParamsSchema = z.object({ id: documentIdSchema, tileId: documentIdSchema });
export const revisionParamsSchema = z.object({ id: documentIdSchema, revisionId: documentIdSchema });

/** Row ids are 32-bit integers on every database. */
const rowId = z.number().int().positive().max(2_147_483_647);

export const memberSchema = z.object({ user_id: rowId, role: z.enum(['editor', 'viewer']) }).strict();
export const memberParamsSchema = z.object({
  id: documentIdSchema,
  userId: z.coerce.number().int().positive(),
});

/** GET …/data: dashboard filter values as `params[<filter id>]=value`. */
export const dataQuerySchema = z
  .object({ params: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,49}$/), z.string().max(1000)).optional() })
  .strict();

/** GET …/tiles/:tileId/drill: the filter values, and the point's values by column (`point[stage]=won`). */
export const drillQuerySchema = dataQuerySchema
  .extend({
    point: z
      .record(z.string().min(1).max(255), z.string().max(1000))
      .refine((point) => Object.keys(point).length >= 1 && Object.keys(point).length <= 10, {
        message: 'must give 1 to 10 columns’ values, as point[column]=value',
      }),
  })
  .strict();

/**
 * GET /:id/data: also `only=cached`, the results the result cache holds now and nothing computed
 * (the others answer `pending: true`); `tiles=a,b`, only those tiles; `format=ndjson`, one line per
 * tile result as soon as it is computed (the admin draws each tile as its line arrives).
 */
export const dashboardDataQuerySchema = dataQuerySchema
  .extend({
    only: z.literal('cached').optional(),
    tiles: z
      .string()
      .max(MAX_TILES * 65)
      .transform((list) => list.split(','))
      .pipe(z.array(z.string().regex(/^[a-z0-9]{1,64}$/, 'must be a comma-separated list of tile ids')))
      .optional(),
    format: z.enum(['json', 'ndjson']).optional(),
  })
  .strict();
export type DashboardDataQuery = z.output<typeof dashboardDataQuerySchema>;

/** GET /:id: `refresh=true` runs the tiles first. */
export const findOneQuerySchema = z
  .object({ refresh: queryBoolean.optional(), share_token: z.string().max(512).optional() })
  .strict();
