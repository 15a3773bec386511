import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { Principal } from '../permissions/principal';
import { crmMappingSchema } from '../analytics/mapping';

const datasourceSchema = z
  .object({
    client: z.enum(['postgres', 'mysql', 'sqlite']),
    /** knex connection settings (or URL); credentials belong in env(), never in the database. */
    connection: z.union([z.string(), z.record(z.string(), z.unknown())]),
    /** Tables a tile may read: `table`, `schema.table`, `*` wildcards allowed. */
    allowedTables: z.array(z.string().min(1)).min(1),
    label: z.string().optional(),
    /** The knex connection pool (min defaults to 0, max to maxConcurrency). */
    pool: z
      .object({
        min: z.number().int().min(0).max(32).optional(),
        max: z.number().int().min(1).max(32).optional(),
        idleTimeoutMillis: z.number().int().min(1000).optional(),
      })
      .strict()
      .refine((pool) => (pool.min ?? 0) <= (pool.max ?? 32), 'min must not exceed max')
      .optional(),
    /** How many of its queries run at once (defaults to pool.max, else 4). */
    maxConcurrency: z.number().int().min(1).max(32).optional(),
  })
  .strict()
  .transform(({ maxConcurrency, ...source }) => ({
    ...source,
    maxConcurrency: maxConcurrency ?? source.pool?.max ?? 4,
  }));

type EntitlementResolver = (principal: Principal) => string[] | Promise<string[]>;

/** The plugin's configuration (`config/plugins.ts` → `dashboards.config`), with its defaults. */
export const configSchema = z
  .object({
    /** Where a user without the pro entitlement is sent to upgrade. */
    upgradeUrl: z.string().default('https://strapi.io/pricing'),
    /** IANA time zone used when neither the request nor the caller names one. */
    defaultTimezone: z.string().default('UTC'),
    entitlements: z
      .object({
        /** The users-permissions user field that holds the plan, and the values that mean pro. */
        userField: z.string().default('plan'),
        proValues: z.array(z.string()).default(['pro']),
        /** Replaces the default resolver: (principal) => entitlements. */
        resolve: z.custom<EntitlementResolver>((value) => typeof value === 'function').optional(),
      })
      .strict()
      .prefault({}),
    /** External databases tiles may query, by id. `strapi` (Strapi's own database) is built in. */
    datasources: z
      .record(
        z.string().regex(/^(?!strapi$)[a-z][a-z0-9_-]{0,49}$/, 'must be a lowercase id other than "strapi"'),
        datasourceSchema
      )
      .default({}),
    /** Strapi's own database as the `strapi` datasource: by default the tables of the app's api:: content types. */
    strapiDatasource: z
      .object({
        enabled: z.boolean().default(true),
        label: z.string().default('Strapi database'),
        allowedTables: z.array(z.string().min(1)).optional(),
        maxConcurrency: z.number().int().min(1).max(32).default(2),
      })
      .strict()
      .prefault({}),
    /** Where the CRM analytics find leads, opportunities … in the app's content types. */
    crm: crmMappingSchema,
    /** Limits of every tile query. */
    query: z
      .object({
        rowCap: z.number().int().min(1).max(1_000_000).default(10_000),
        timeoutMs: z.number().int().min(10).max(600_000).default(30_000),
      })
      .strict()
      .prefault({}),
  })
  .passthrough();

export type DatasourceConfig = z.output<typeof datasourceSchema>;
export type PluginConfig = z.output<typeof configSchema>;

const parsed = new WeakMap<object, PluginConfig>();

/** The plugin's config, parsed once per Strapi instance (its config is fixed after boot). */
export function getConfig(strapi: Core.Strapi): PluginConfig {
  const raw = (strapi.config.get('plugin::dashboards') ?? {}) as object;
  if (!parsed.has(raw)) parsed.set(raw, configSchema.parse(raw));
  return parsed.get(raw)!;
}

export default {
  default: configSchema.parse({}),
  validator(config: unknown) {
    const result = configSchema.safeParse(config);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`Invalid dashboards plugin config at "${issue.path.join('.')}": ${issue.message}`);
    }
  },
};
