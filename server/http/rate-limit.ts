import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import Redis from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterMySQL,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { getConfig, type PluginConfig } from '../config';

export type Bucket = 'public' | 'analytics' | 'password';
const BUCKETS: Bucket[] = ['public', 'analytics', 'password'];
export const RATE_LIMIT_TABLE = 'dashboards_rate_limits';

type Limits = PluginConfig['rateLimit'];

/** One limiter per bucket, in the store the config names; a database store is ready once its table is. */
async function createLimiter(
  strapi: Core.Strapi,
  limits: Limits,
  bucket: Bucket,
  redis: () => Promise<Redis>
) {
  const { points, durationSeconds: duration } = limits[bucket];
  const options = { keyPrefix: `${limits.keyPrefix}_${bucket}`, points, duration };
  if (limits.store === 'memory') return new RateLimiterMemory(options);
  // while the shared store is unreachable, each instance limits on its own rather than failing requests
  const insuranceLimiter = new RateLimiterMemory(options);
  if (limits.store === 'redis') {
    return new RateLimiterRedis({ ...options, insuranceLimiter, storeClient: await redis() });
  }
  const knex = strapi.db.connection;
  const stored = {
    ...options,
    insuranceLimiter,
    storeClient: knex,
    storeType: 'knex',
    tableName: RATE_LIMIT_TABLE,
  };
  return new Promise<RateLimiterAbstract>((resolve, reject) => {
    const ready = (error?: unknown) => (error ? reject(error) : resolve(limiter));
    const limiter: RateLimiterAbstract =
      strapi.db.dialect.client === 'postgres'
        ? new RateLimiterPostgres(stored, ready)
        : strapi.db.dialect.client === 'mysql'
          ? new RateLimiterMySQL({ ...stored, dbName: knex.client.config.connection.database }, ready)
          : new RateLimiterSQLite(stored, ready);
  });
}

const limiters = new WeakMap<object, Promise<Record<Bucket, RateLimiterAbstract>>>();
const connections = new WeakMap<object, Redis>();

/** The limiters of a Strapi instance, created on first use. */
export function rateLimiters(strapi: Core.Strapi) {
  if (!limiters.has(strapi)) {
    const limits = getConfig(strapi).rateLimit;
    const redis = async () => {
      if (!connections.has(strapi)) {
        const client = new Redis(limits.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
        connections.set(strapi, client);
        await client.connect();
      }
      return connections.get(strapi)!;
    };
    limiters.set(
      strapi,
      (async () => {
        const entries = [];
        for (const bucket of BUCKETS)
          entries.push([bucket, await createLimiter(strapi, limits, bucket, redis)]);
        return Object.fromEntries(entries) as Record<Bucket, RateLimiterAbstract>;
      })()
    );
  }
  return limiters.get(strapi)!;
}

/** Closes what the limiters hold open (the Redis connection). */
export async function closeRateLimiters(strapi: Core.Strapi) {
  await connections.get(strapi)?.quit();
  connections.delete(strapi);
  limiters.delete(strapi);
}

const tooMany = (ctx: Context, result: RateLimiterRes, bucket: Bucket) => {
  const retryAfter = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  ctx.set('Retry-After', String(retryAfter));
  return new errors.RateLimitError(
    bucket === 'password'
      ? 'Too many wrong passwords: try again later'
      : 'Too many requests: try again later',
    { retry_after: retryAfter }
  );
};

/** Takes one point of `bucket` for `key`; a 429 with Retry-After when none is left. */
export async function consume(strapi: Core.Strapi, ctx: Context, bucket: Bucket, key: string) {
  if (!getConfig(strapi).rateLimit.enabled) return;
  try {
    await (await rateLimiters(strapi))[bucket].consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw tooMany(ctx, error, bucket);
    throw error;
  }
}

/** A 429 when `key` has no point of `bucket` left, without taking one (wrong passwords are taken later). */
export async function ensureNotBlocked(strapi: Core.Strapi, ctx: Context, bucket: Bucket, key: string) {
  if (!getConfig(strapi).rateLimit.enabled) return;
  const limiter = (await rateLimiters(strapi))[bucket];
  const result = await limiter.get(key);
  if (result && result.consumedPoints >= limiter.points) throw tooMany(ctx, result, bucket);
}

/** Route middleware: limits a bucket per caller (its credentials once authenticated, else the client IP). */
export const rateLimited = (bucket: Bucket) => async (ctx: Context, next: () => Promise<unknown>) => {
  const auth = ctx.state.auth as { strategy?: { name?: string }; credentials?: { id?: unknown } } | undefined;
  const caller = auth?.credentials?.id ?? (ctx.state.user as { id?: unknown } | undefined)?.id;
  const key = caller !== undefined ? `${auth?.strategy?.name ?? 'admin'}:${caller}` : `ip:${ctx.request.ip}`;
  await consume(global.strapi, ctx, bucket, key);
  return next();
};
