import { z } from 'zod';
import { SORT_FIELDS } from '../../contracts/dashboards';

const queryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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
  })
  .strict();

export type ListQuery = z.output<typeof listQuerySchema>;
