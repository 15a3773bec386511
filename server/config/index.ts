import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { Principal } from '../permissions/principal';

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
  })
  .passthrough();

export type PluginConfig = z.output<typeof configSchema>;

export const getConfig = (strapi: Core.Strapi): PluginConfig =>
  configSchema.parse(strapi.config.get('plugin::dashboards') ?? {});

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
