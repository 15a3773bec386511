import { z } from 'zod';

/** The plugin's configuration (`config/plugins.ts` → `dashboards.config`), with its defaults. */
export const configSchema = z
  .object({
    /** Where a user without the pro entitlement is sent to upgrade. */
    upgradeUrl: z.string().default('https://strapi.io/pricing'),
    /** IANA time zone used when neither the request nor the caller names one. */
    defaultTimezone: z.string().default('UTC'),
  })
  .passthrough();

export type PluginConfig = z.output<typeof configSchema>;

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
