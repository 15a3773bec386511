import config, { configSchema } from '../../server/config';

describe('plugin config', () => {
  it('has defaults that pass its own validator', () => {
    const { crm, ...rest } = config.default;
    expect(crm).toMatchObject({
      lead: { uid: 'api::lead.lead', fields: { owner: 'owner', createdAt: 'createdAt' } },
      user: { uid: 'plugin::users-permissions.user', fields: { name: 'username', avatar: null } },
      proposalStage: 'Proposal',
      roleScopes: { 'sales-rep': 'own', 'team-lead': 'team', 'sales-manager': 'department', director: 'all' },
    });
    expect(rest).toEqual({
      cache: {
        enabled: true,
        ttlSeconds: 300,
        maxEntries: 2000,
        maxBytes: 33554432,
        externalDatasources: false,
      },
      upgradeUrl: 'https://strapi.io/pricing',
      defaultTimezone: 'UTC',
      entitlements: { userField: 'plan', proValues: ['pro'] },
      datasources: {},
      strapiDatasource: { enabled: true, label: 'Strapi database', maxConcurrency: 2, reader: 'managed' },
      query: {
        rowCap: 10_000,
        timeoutMs: 30_000,
        maxBytes: 10 * 1024 * 1024,
        maxResponseBytes: 25 * 1024 * 1024,
        checkTimeoutMs: 5_000,
        textChecks: true,
        analyticsConcurrency: 4,
        contentRollups: true,
      },
      sharing: { snapshotTtlSeconds: 604_800, keepSnapshots: 10, embedTokenTtlSeconds: 3600 },
      rateLimit: {
        enabled: true,
        store: 'database',
        keyPrefix: 'dashboards',
        redisUrl: 'redis://127.0.0.1:6379',
        public: { points: 120, durationSeconds: 60 },
        analytics: { points: 300, durationSeconds: 60 },
        password: { points: 5, durationSeconds: 900 },
      },
      revisions: { keep: 50 },
      subscriptions: { slackUrlPrefixes: ['https://hooks.slack.com/'], shareLinkDays: 7 },
      scheduling: {
        enabled: true,
        minIntervalSeconds: 300,
        allowSeconds: false,
        leaseSeconds: 60,
        syncIntervalSeconds: 15,
        historyDays: 30,
        maxBackoffMinutes: 1440,
        notifications: {},
      },
    });
    expect(() => config.validator(config.default)).not.toThrow();
  });

  it('takes a datasource pool, whose max is the concurrency unless that is set', () => {
    const parse = (source: Record<string, unknown>) =>
      configSchema.parse({
        datasources: {
          warehouse: { client: 'postgres', connection: 'postgres://x', allowedTables: ['t'], ...source },
        },
      }).datasources.warehouse;
    expect(parse({ pool: { min: 1, max: 8 } })).toMatchObject({
      pool: { min: 1, max: 8 },
      maxConcurrency: 8,
    });
    expect(parse({ pool: { max: 8 }, maxConcurrency: 3 })).toMatchObject({ maxConcurrency: 3 });
    expect(parse({})).toMatchObject({ maxConcurrency: 4 });
    expect(() => parse({ pool: { min: 9, max: 2 } })).toThrow('min must not exceed max');
    expect(() => parse({ pool: { max: 0 } })).toThrow();
  });

  it('names the bad key when the config is invalid', () => {
    expect(() => config.validator({ defaultTimezone: 42 })).toThrow(
      /Invalid dashboards plugin config at "defaultTimezone"/
    );
  });
});
