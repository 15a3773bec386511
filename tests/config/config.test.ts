import config from '../../server/config';

describe('plugin config', () => {
  it('has defaults that pass its own validator', () => {
    expect(config.default).toEqual({
      upgradeUrl: 'https://strapi.io/pricing',
      defaultTimezone: 'UTC',
      entitlements: { userField: 'plan', proValues: ['pro'] },
      datasources: {},
      strapiDatasource: { enabled: true, label: 'Strapi database', maxConcurrency: 2 },
      query: { rowCap: 10_000, timeoutMs: 30_000 },
    });
    expect(() => config.validator(config.default)).not.toThrow();
  });

  it('names the bad key when the config is invalid', () => {
    expect(() => config.validator({ defaultTimezone: 42 })).toThrow(
      /Invalid dashboards plugin config at "defaultTimezone"/
    );
  });
});
