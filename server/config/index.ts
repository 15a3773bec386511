import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { Principal } from '../permissions/principal';
import { crmMappingSchema } from '../analytics/mapping';

const datasourceSchema = z
  .object({
    client: z.enum(['postgres', 'mysql', 'sqlite']),
    /** knex connection settings (or URL); credentials belong in env(), never in the database. */
    connection: z.union([z.string(), z.record(z.string(), z.unknown())]),
    /**
     * Tables a tile may read: `table` (in the connection's own database or schema), `schema.table`,
     * `*` wildcards allowed. The connection's account is the reader tile SQL runs as: a privilege
     * probe turns SQL off on this datasource when it can read other tables or write anything.
     */
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

/** Points per window: requests (or wrong passwords) allowed in `durationSeconds`. */
const limitSchema = (points: number, durationSeconds: number) =>
  z
    .object({
      points: z.number().int().min(1).default(points),
      durationSeconds: z.number().int().min(1).default(durationSeconds),
    })
    .strict()
    .prefault({});

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
        /**
         * The users-permissions user field that holds the plan, and the values that mean pro. When
         * users have no such field, every user has pro (logged once at startup).
         */
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
        /**
         * Who tile SQL runs as. `managed` (PostgreSQL): the plugin keeps a login role with SELECT on
         * exactly the allowed tables (needs CREATEROLE). Or the credentials of an account made for it
         * (required on MySQL/MariaDB, where SQL stays off until one is given).
         */
        reader: z
          .union([
            z.literal('managed'),
            z.object({ user: z.string().min(1), password: z.string().default('') }).strict(),
          ])
          .default('managed'),
        /** The managed role's name (default: dashboards_reader_<database>). */
        readerRole: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,62}$/)
          .optional(),
      })
      .strict()
      .prefault({}),
    /**
     * Where the CRM analytics find leads, opportunities … in the app's content types, or `false`
     * for an app without a CRM (the analytics answer 501 and the admin hides them).
     */
    crm: z.union([z.literal(false), crmMappingSchema]),
    /** Limits of every tile query. */
    query: z
      .object({
        rowCap: z.number().int().min(1).max(1_000_000).default(10_000),
        timeoutMs: z.number().int().min(10).max(600_000).default(30_000),
        /** The most a tile's result may weigh; rows beyond it are left out and the result marked truncated. */
        maxBytes: z
          .number()
          .int()
          .min(1024)
          .default(10 * 1024 * 1024),
        /** The most one /data response may weigh, all its tiles together. */
        maxResponseBytes: z
          .number()
          .int()
          .min(1024)
          .default(25 * 1024 * 1024),
        /** How long the SQL text checks may take on one statement before it is refused as too complex. */
        checkTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
        /**
         * The SQL text checks (early, friendly errors). Turning them off leaves the boundary as it
         * is (the reader's privileges, SQLite's plan check): the tests prove it that way.
         */
        textChecks: z.boolean().default(true),
        /**
         * How many CRM analytics computations run at once on Strapi's database (the others wait
         * their turn): the rest of its connection pool stays free for every other request.
         */
        analyticsConcurrency: z.number().int().min(1).max(32).default(4),
        /**
         * Content rollups (docs/rollups.md): content-type tiles that count or sum by UTC day and a
         * text field read per-day cells kept in step with Strapi's writes instead of the table.
         */
        contentRollups: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** Snapshots, share links and embedding. */
    sharing: z
      .object({
        /** How long a snapshot is served as fresh (then stale, and refreshed once in the background). */
        snapshotTtlSeconds: z
          .number()
          .int()
          .min(60)
          .max(366 * 86400)
          .default(7 * 86400),
        /** Snapshots kept per dashboard; older ones are pruned when a new one is taken. */
        keepSnapshots: z.number().int().min(1).max(1000).default(10),
        /**
         * The secret that seals share tokens at rest and signs embed tokens. Default: derived from
         * the admin JWT secret (`admin.auth.secret`); changing it ends every embed token.
         */
        secret: z.string().min(16).optional(),
        /** The public origin of share and embed URLs (default: Strapi's `server.url`). */
        publicUrl: z.string().url().optional(),
        /** How long a signed embed token lives. */
        embedTokenTtlSeconds: z
          .number()
          .int()
          .min(60)
          .max(30 * 86400)
          .default(3600),
      })
      .strict()
      .prefault({}),
    /** Version history: how many revisions of each dashboard are kept (the oldest go first). */
    revisions: z
      .object({ keep: z.number().int().min(1).max(10_000).default(50) })
      .strict()
      .prefault({}),
    /** Subscriptions and alerts: where their messages may go. */
    subscriptions: z
      .object({
        /** Slack incoming-webhook URLs must start with one of these (the server posts to no other host). */
        slackUrlPrefixes: z.array(z.string().min(8)).min(1).default(['https://hooks.slack.com/']),
        /** The admin panel's public URL, for the link in each message (default: Strapi's server.url + /admin). */
        adminUrl: z.string().url().optional(),
        /**
         * Each digest carries a fresh share link made with the subscriber's rights (when it may share
         * the dashboard), valid this many days; 0 sends none. Deleting the subscription revokes them.
         */
        shareLinkDays: z.number().int().min(0).max(366).default(7),
      })
      .strict()
      .prefault({}),
    /** Refresh schedules, refresh runs and failure notifications. */
    scheduling: z
      .object({
        /** Whether this instance runs the scheduler (every instance may: each fire runs once). */
        enabled: z.boolean().default(true),
        /** The shortest gap a rule may leave between two fires. */
        minIntervalSeconds: z.number().int().min(1).default(300),
        /** Accept 6-field rules with a seconds field (for tests and special setups). */
        allowSeconds: z.boolean().default(false),
        /** A running refresh holds its dashboard this long, renewed while it runs; a crashed one lets go after it. */
        leaseSeconds: z.number().int().min(2).max(3600).default(60),
        /** How often an instance re-reads the schedules and fails runs whose lease ran out. */
        syncIntervalSeconds: z.number().int().min(1).max(3600).default(15),
        /** Refresh runs are kept this many days. */
        historyDays: z.number().int().min(1).max(3650).default(30),
        /** Repeated failures wait 2^failures minutes before the next fire, at most this long. */
        maxBackoffMinutes: z
          .number()
          .int()
          .min(1)
          .default(24 * 60),
        /** Where failure notifications go. */
        notifications: z
          .object({
            /** Recipients of failure e-mails (default: the dashboard owner's e-mail). */
            emailTo: z.array(z.string().email()).optional(),
            /** A Slack incoming-webhook URL. */
            slackWebhookUrl: z.string().url().optional(),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /**
     * The result cache of tile and analytics results (docs/cache.md): per instance, keyed by the
     * query, its parameters, the caller's effective rights and the versions of the data it reads
     * (kept in the database, bumped by Strapi's writes, so every instance sees a write at once).
     */
    cache: z
      .object({
        enabled: z.boolean().default(true),
        /** The backstop for writes that bypass Strapi (raw SQL): a result is never served older than this. */
        ttlSeconds: z.number().int().min(1).max(86_400).default(300),
        /** The most results one instance keeps, and the most they may weigh together (JSON bytes). */
        maxEntries: z.number().int().min(1).max(1_000_000).default(2000),
        maxBytes: z
          .number()
          .int()
          .min(1024)
          .default(32 * 1024 * 1024),
        /**
         * Also cache SQL tiles on external datasources. Writes to them never pass through Strapi: only
         * the TTL (or `bumpDatasource`) makes a change visible, so this is off unless you ask for it.
         */
        externalDatasources: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Rate limits, kept where every Strapi instance sees them (database or Redis). */
    rateLimit: z
      .object({
        enabled: z.boolean().default(true),
        store: z.enum(['database', 'redis', 'memory']).default('database'),
        /** Prefix of the stored keys (several apps can share one Redis). */
        keyPrefix: z
          .string()
          .regex(/^[A-Za-z0-9_:-]{1,40}$/)
          .default('dashboards'),
        /** ioredis URL when `store` is redis. */
        redisUrl: z.string().default('redis://127.0.0.1:6379'),
        /** Requests per window and client IP on the public share routes and pages. */
        public: limitSchema(120, 60),
        /** Requests per window and caller on the analytics routes. */
        analytics: limitSchema(300, 60),
        /** Wrong share passwords per window, link and client IP. */
        password: limitSchema(5, 900),
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
