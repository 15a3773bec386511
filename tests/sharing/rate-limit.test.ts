import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser } from '../helpers/principals';
import { RATE_LIMIT_TABLE } from '../../server/http/rate-limit';
import { ANALYTICS_ROUTES } from '../../server/analytics/routes';

/**
 * The limits live where every Strapi instance sees them: the database by default (a second
 * connection, as a second instance would have, reads the same counts), or Redis.
 */
describe.each(['database', 'redis'] as const)('rate limits in the %s store', (store) => {
  let app: TestApp;
  const keyPrefix = `t${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    app = await bootTestApp({
      configure: () => ({
        rateLimit: {
          store,
          keyPrefix,
          public: { points: 5, durationSeconds: 60 },
          analytics: { points: 3, durationSeconds: 60 },
        },
      }),
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers the public routes 429 with Retry-After once the IP has used its points', async () => {
    const statuses: number[] = [];
    let last;
    for (let index = 0; index < 6; index += 1) {
      last = await app.request().get(`/api/dashboards/shared/${'C'.repeat(43)}`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(last!.body.error).toMatchObject({ status: 429, name: 'RateLimitError' });
    // the share pages draw on the same points
    expect((await app.request().get(`/dashboards/shared/${'C'.repeat(43)}`)).status).toBe(429);
  });

  it('limits the analytics routes per caller, not per IP', async () => {
    const [first, second] = [
      await createUser(app, { actions: [ANALYTICS_ROUTES['lead-sources'].contentApiAction] }),
      await createUser(app, { actions: [ANALYTICS_ROUTES['lead-sources'].contentApiAction] }),
    ];
    const call = (jwt: string) => app.request().get('/api/dashboard/lead-sources').set(bearer(jwt));
    const statuses = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await call(first.jwt)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await call(second.jwt)).status).toBe(200);
  });

  it('keeps the counts where a second instance reads them', async () => {
    if (store === 'database') {
      const rows = await app.strapi.db
        .connection(RATE_LIMIT_TABLE)
        .where('key', 'like', `${keyPrefix}_public:%`)
        .select('key', 'points');
      expect(rows.map((row: { points: number }) => Number(row.points))).toEqual([7]);
    } else {
      const redis = new Redis('redis://127.0.0.1:6379');
      try {
        const other = new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${keyPrefix}_public`,
          points: 5,
          duration: 60,
        });
        const keys = await redis.keys(`${keyPrefix}_public:*`);
        expect(keys).toHaveLength(1);
        const seen = await other.get(keys[0].slice(`${keyPrefix}_public:`.length));
        expect(seen?.consumedPoints).toBe(7);
      } finally {
        redis.disconnect();
      }
    }
  });
});
