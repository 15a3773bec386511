import { z } from 'zod';
import { ANALYTICS_ENDPOINTS } from '../../contracts/dashboards';

/* Where a tile's data comes from: SQL, a content type's structured query, CRM analytics or none. */

const sqlSource = z
  .object({
    kind: z.literal('sql'),
    datasource_id: z.string().min(1).max(100).default('strapi'),
    catalog: z.string().max(100).nullable().optional(),
    schema: z.string().max(100).nullable().optional(),
    query: z.string().trim().min(1).max(100_000),
    project_uuid: z.string().max(100).optional(),
    step_id: z.string().max(100).optional(),
  })
  .strict();

const BUCKET_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;

const fieldName = z.string().regex(/^[A-Za-z_][\w.]{0,99}$/, 'must be a field name');

const filterScalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
const filterList = z.array(filterScalar).max(1000);
/** `field: value`, `field: [values]` or `field: { $operator: value }` (operators are checked with the content type). */
const contentFilters = z
  .record(
    fieldName,
    z.union([filterScalar, filterList, z.record(z.string(), z.union([filterScalar, filterList]))])
  )
  .refine((filters) => Object.keys(filters).length <= 20, 'at most 20 fields');

const contentTypeSource = z
  .object({
    kind: z.literal('content-type'),
    uid: z.string().regex(/^(api|plugin)::[\w-]+\.[\w-]+$/, 'must be a content-type uid'),
    measure: z
      .object({ fn: z.enum(['count', 'sum', 'avg', 'min', 'max']), field: fieldName.optional() })
      .strict(),
    group_by: fieldName.optional(),
    date_bucket: z
      .object({
        field: fieldName,
        unit: z.enum(BUCKET_UNITS, {
          error: (issue) =>
            issue.input === undefined
              ? `is required: one of ${BUCKET_UNITS.join(', ')}`
              : `must be one of ${BUCKET_UNITS.join(', ')}`,
        }),
        timezone: z.string().max(64).optional(),
      })
      .strict()
      .optional(),
    filters: contentFilters.optional(),
    sort: z.enum(['asc', 'desc']).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

const analyticsSource = z
  .object({
    kind: z.literal('analytics'),
    endpoint: z.enum(ANALYTICS_ENDPOINTS),
    params: z.record(z.string(), z.union([z.string().max(200), z.number()])).optional(),
  })
  .strict();

const noSource = z.object({ kind: z.literal('none') }).strict();

export const tileSourceSchema = z.discriminatedUnion('kind', [
  sqlSource,
  contentTypeSource,
  analyticsSource,
  noSource,
]);
