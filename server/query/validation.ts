import { z } from 'zod';

export const paramName = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be a lowercase identifier');
const paramValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const previewSchema = z
  .object({
    datasource_id: z.string().min(1).max(100).default('strapi'),
    catalog: z.string().max(100).nullable().optional(),
    schema: z.string().max(100).nullable().optional(),
    query: z.string().trim().min(1).max(100_000),
    params: z.record(paramName, paramValue).optional(),
  })
  .strict();

export const tablesParamsSchema = z.object({ id: z.string().min(1).max(100) });
export const tablesQuerySchema = z.object({ schema: z.string().min(1).max(100).optional() }).strict();
